"""S-04 内容雷同: a report's prose copied from the same agency's previous year or from another
agency's report of the same year (国办公开办函〔2021〕30号 lists 内容雷同 among the defects).

Three set-wise steps, none of them a loop over pairs:

1. **sketch** (at landing, per batch): each report's comparable prose
   (:func:`extract.narrative.comparable_text`: names, numbers, dates, headings out) is cut into
   character 5-grams (shingles), hashed with a vectorised polynomial hash over the code points,
   and the :data:`K` smallest distinct hashes are kept — a bottom-k sketch (``raw.narrative_sketches``),
   with the report's shingle count (``raw.narratives``);
2. **pair** (:func:`land_pairs`, DuckDB SQL): each report's :data:`RAREST` rarest sketch hashes
   (held by the fewest reports, and by no more than :data:`RARE`: a template phrase every report
   prints finds no copy and would make the join quadratic) are joined; reports sharing at least
   :data:`MIN_SHARED` of them are candidates; each candidate pair's similarity is the
   bottom-k estimate of the Jaccard index of the two shingle sets — of the K smallest hashes of the
   union of both sketches, the share both sketches hold (``raw.narrative_pairs``);
3. **judge** (dbt ``int_copy_pairs``): a pair counts only between a report and its agency's
   report of the year before, or another agency's report of the same year, and is a finding at
   :data:`THRESHOLD` or above.

Threshold 0.6 on 5-gram Jaccard (S-04's entry in ``expectations.catalog``): two reports
written apart from a shared template phrase book stay under 0.3 (samples, devset and the
generated corpus: at most 0.2 between different agencies), while a copy with every number and
the agency name changed keeps 0.85–1.0 (each changed number or name costs at most the five
shingles through it). 0.6 leaves room on both
sides for the sketch's error (±0.05 at K = 128). Narratives shorter than :data:`MIN_SHINGLES`
shingles (about 200 Chinese characters of the report's own prose) are not judged: a few
sentences of formula are alike in every report.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import polars as pl

from expectations.catalog import threshold
from expectations.frames import conform
from expectations.rules import builds

#: characters per shingle
SHINGLE = 5
#: hashes kept per report (bottom-k sketch)
K = 128
#: a report's prose is judged from this many distinct shingles on
MIN_SHINGLES = 200
#: similarity (estimated Jaccard of shingle sets) from which a pair is a copy: S-04's threshold
#: in the rule catalog
THRESHOLD = threshold("S-04")
#: hashes per report that find candidates: its rarest (held by the fewest other reports)
RAREST = 16
#: a hash held by more reports than this finds no candidates (a template phrase)
RARE = 100
#: of their rarest hashes, how many two reports must share to be compared
MIN_SHARED = 3

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MASK63 = np.uint64((1 << 63) - 1)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every bit of the polynomial hash spread over all 64."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def shingle_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, 63-bit hash) of every character 5-gram of every text, vectorised: the texts'
    code points in one array, each window's hash from shifted slices of it."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if not len(texts) or lengths.sum() == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(points) - SHINGLE + 1
    if n <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for j in range(SHINGLE):
            h = h * _MULTIPLIER + points[j : j + n]
        h = _mix(h) & _MASK63
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    # a window belongs to its text when it ends inside it
    position = np.arange(len(points), dtype=np.int64) - np.repeat(starts, lengths)
    whole = (position + SHINGLE <= np.repeat(lengths, lengths))[:n]
    return owner[:n][whole], h[whole].astype(np.int64)


#: texts shingled at a time: the code points and hashes of a chunk stay in memory, not a year's
CHUNK = 5_000


def sketches(report_ids: Sequence[str], texts: Sequence[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per report: ``report_id``, ``shingles``; per report × kept hash: ``report_id``,
    ``shingle_hash``) — the bottom-:data:`K` sketch of each text's distinct shingles, computed
    :data:`CHUNK` texts at a time."""
    ids = pl.Series("report_id", list(report_ids), dtype=pl.String)
    shingles = np.zeros(len(ids), dtype=np.int32)
    kept_owner, kept_hash = [], []
    for lo in range(0, len(texts), CHUNK):
        owner, hashes = shingle_hashes(texts[lo : lo + CHUNK])
        order = np.lexsort((hashes, owner))  # by text, then hash
        owner, hashes = owner[order], hashes[order]
        fresh = np.ones(len(owner), dtype=bool)  # distinct shingles of each text
        fresh[1:] = (owner[1:] != owner[:-1]) | (hashes[1:] != hashes[:-1])
        owner, hashes = owner[fresh], hashes[fresh]
        texts_here, starts, sizes = np.unique(owner, return_index=True, return_counts=True)
        shingles[texts_here + lo] = sizes
        rank = np.arange(len(owner)) - np.repeat(starts, sizes)  # 0 = the text's smallest hash
        small = rank < K
        kept_owner.append(owner[small] + lo)
        kept_hash.append(hashes[small])
    per_report = pl.DataFrame({"report_id": ids, "shingles": shingles})
    owners = np.concatenate(kept_owner) if kept_owner else np.empty(0, np.int64)
    sketch = pl.DataFrame(
        {
            "report_id": ids.gather(owners) if len(owners) else pl.Series([], dtype=pl.String),
            "shingle_hash": np.concatenate(kept_hash) if kept_hash else np.empty(0, np.int64),
        },
        schema={"report_id": pl.String, "shingle_hash": pl.Int64},
    )
    return per_report, sketch


#: candidate pairs and their bottom-k similarity, over raw.narratives / raw.narrative_sketches
PAIRS_SQL = f"""
with judged as (
    select report_id from raw.narratives where judged
),
sketch as (
    select s.report_id, s.shingle_hash from raw.narrative_sketches s semi join judged using (report_id)
),
-- each report's RAREST rarest hashes (held by the fewest reports): a copy shares them, while a
-- template phrase every report prints would make the join quadratic
held as (
    select report_id, shingle_hash, count(*) over (partition by shingle_hash) as holders
    from sketch
),
rare as (
    select report_id, shingle_hash from held
    where holders between 2 and {RARE}
    qualify row_number() over (partition by report_id order by holders, shingle_hash) <= {RAREST}
),
candidates as (
    select a.report_id as report_id, b.report_id as other_report_id
    from rare a join rare b on a.shingle_hash = b.shingle_hash and a.report_id < b.report_id
    group by all having count(*) >= {MIN_SHARED}
),
-- each report's sketch as one list, so a pair's union and intersection are list
-- functions on two rows: no (pair × hash) rows and no window over them, which at 20,000
-- reports (124k candidate pairs × 256 hashes) ran out of DuckDB's 1 GB cap
sketches as (
    select report_id, list(shingle_hash) as hashes from sketch group by report_id
),
unioned as (
    select c.report_id, c.other_report_id,
        list_sort(list_distinct(a.hashes || b.hashes)) as u,
        list_intersect(a.hashes, b.hashes) as shared
    from candidates c
    join sketches a on a.report_id = c.report_id
    join sketches b on b.report_id = c.other_report_id
),
-- the union's {K} smallest hashes (its bottom-k sketch) end at `top`; the shared hashes among
-- them over how many there are is the Jaccard estimate
bounded as (
    select report_id, other_report_id, shared,
        least({K}, len(u)) as n, u[least({K}, len(u))] as top
    from unioned
)
select report_id, other_report_id,
    cast(len(list_filter(shared, lambda x: x <= top)) as double) / n as similarity
from bounded
"""


def land_pairs(conn: duckdb.DuckDBPyConnection) -> int:
    """Replace raw.narrative_pairs with every candidate pair and its similarity (one
    transaction); returns the pairs at or above :data:`THRESHOLD`."""
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute("DELETE FROM raw.narrative_pairs")
        conn.execute(
            "INSERT INTO raw.narrative_pairs (report_id, other_report_id, similarity, threshold) "
            f"SELECT *, {THRESHOLD} FROM ({PAIRS_SQL})"
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    ((copies,),) = conn.execute(
        "SELECT count(*) FROM raw.narrative_pairs WHERE similarity >= ?", [THRESHOLD]
    ).fetchall()
    return int(copies)


# ----------------------------------------------------------------------------- GX check frame

COPY_PAIR_COLUMNS = (
    "report_id", "other_report_id", "relation", "similarity", "other_agency", "other_year",
    "other_path",
)  # fmt: skip


@builds("S-04")
def s04_frame(pairs: pl.DataFrame) -> pl.DataFrame:
    """S-04 check frame over dbt ``int_copy_pairs`` (one row per report × compared report):
    expected = the similarity, printed = the threshold; passes below it."""
    missing = [c for c in COPY_PAIR_COLUMNS if c not in pairs.columns]
    if missing:
        raise ValueError(f"int_copy_pairs: missing columns {missing}")
    similarity = pl.col("similarity").cast(pl.Float64)
    return conform(
        pairs.with_columns(
            rule_id=pl.lit("S-04"),
            location=pl.format("narrative.{}.{}", "relation", "other_report_id"),
            cells=pl.lit("report.narrative"),
            expected=similarity,
            printed=pl.lit(THRESHOLD),
            checkable=pl.lit(True),
            passed=similarity < THRESHOLD,
        )
    )
