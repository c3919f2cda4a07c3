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
from typing import NamedTuple

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


#: what a pair's candidacy and similarity depend on besides the two sketches: a change of any of
#: these compares every pair again
METHOD = f"shingle={SHINGLE} k={K} rarest={RAREST} rare={RARE} shared={MIN_SHARED}"

#: each judged report's sketch as one sorted list, and its digest
SKETCHES_SQL = """
select s.report_id, list(s.shingle_hash order by s.shingle_hash) as hashes,
    hash(list(s.shingle_hash order by s.shingle_hash)) as sketch_digest
from raw.narrative_sketches s
semi join (select report_id from raw.narratives where judged) using (report_id)
group by s.report_id
"""

#: each report's RAREST rarest hashes (held by the fewest reports, ties by hash), over temp table
#: ``pair_sketches``: a copy shares them, while a template phrase every report prints (held by
#: more than RARE) would make the join quadratic
RARE_SQL = f"""
with sketch as (
    select report_id, unnest(hashes) as shingle_hash from pair_sketches
),
holders as (
    select shingle_hash, count(*) as holders from sketch
    group by shingle_hash having count(*) between 2 and {RARE}
)
select s.report_id, s.shingle_hash
from sketch s join holders h using (shingle_hash)
qualify row_number() over (partition by s.report_id order by h.holders, s.shingle_hash) <= {RAREST}
"""

#: the basis of every judged report now (temp tables ``pair_sketches`` and ``pair_rare``)
BASIS_SQL = f"""
select s.report_id, s.sketch_digest, coalesce(r.rare_digest, 0) as rare_digest,
    '{METHOD}' as method
from pair_sketches s
left join (
    select report_id, hash(list(shingle_hash order by shingle_hash)) as rare_digest
    from pair_rare group by report_id
) r using (report_id)
"""

#: candidate pairs with at least one report in temp table ``pair_changed``: reports sharing at
#: least MIN_SHARED of their rarest hashes, smaller report_id first
CANDIDATES_SQL = f"""
with hits as (
    select a.report_id as x, b.report_id as y
    from (select * from pair_rare semi join pair_changed using (report_id)) a
    join pair_rare b on a.shingle_hash = b.shingle_hash and a.report_id <> b.report_id
    group by all having count(*) >= {MIN_SHARED}
)
select distinct least(x, y) as report_id, greatest(x, y) as other_report_id from hits
"""

#: the bottom-k similarity of the pairs in temp table ``pair_todo``. Each sketch is one list,
#: so a pair's union and intersection are list functions on two rows: no (pair × hash) rows and
#: no window over them, which at 20,000 reports (124k candidate pairs × 256 hashes) ran out of
#: DuckDB's 1 GB cap. The union's K smallest hashes end at ``top``; the shared hashes among them
#: over how many there are is the Jaccard estimate.
SIMILARITY_SQL = f"""
with unioned as (
    select c.report_id, c.other_report_id,
        list_sort(list_distinct(a.hashes || b.hashes)) as u,
        list_intersect(a.hashes, b.hashes) as shared
    from pair_todo c
    join pair_sketches a on a.report_id = c.report_id
    join pair_sketches b on b.report_id = c.other_report_id
),
bounded as (
    select report_id, other_report_id, shared,
        least({K}, len(u)) as n, u[least({K}, len(u))] as top
    from unioned
)
select report_id, other_report_id,
    cast(len(list_filter(shared, lambda x: x <= top)) as double) / n as similarity
from bounded
"""

_TEMP = ("pair_sketches", "pair_rare", "pair_basis_now", "pair_changed", "pair_todo")


class PairsLanded(NamedTuple):
    """What :func:`land_pairs` did: pairs at or above the threshold, candidate pairs held, and
    how many of those were compared this call (the rest were kept)."""

    copies: int
    pairs: int
    compared: int


def land_pairs(conn: duckdb.DuckDBPyConnection) -> PairsLanded:
    """Bring raw.narrative_pairs up to date with the sketches (one transaction).

    A pair is a candidate by its two reports' rarest hashes and has its similarity by their two
    sketches, nothing else. So only reports whose sketch or rarest hashes changed since the last
    call (raw.narrative_pair_basis; a hash held by one more report can change another report's
    rarest) have their pairs found and compared again; every other pair is kept as it is — the
    same rows the whole computation gives (tests/narrative/test_copies.py), for the changed
    reports' cost. The threshold only labels a pair: a new one relabels them."""
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute(f"CREATE OR REPLACE TEMP TABLE pair_sketches AS {SKETCHES_SQL}")
        conn.execute(f"CREATE OR REPLACE TEMP TABLE pair_rare AS {RARE_SQL}")
        conn.execute(f"CREATE OR REPLACE TEMP TABLE pair_basis_now AS {BASIS_SQL}")
        conn.execute(
            """
            CREATE OR REPLACE TEMP TABLE pair_changed AS
            SELECT DISTINCT report_id FROM (
                (SELECT * FROM pair_basis_now EXCEPT SELECT * FROM raw.narrative_pair_basis)
                UNION ALL
                (SELECT * FROM raw.narrative_pair_basis EXCEPT SELECT * FROM pair_basis_now)
            )
            """
        )
        conn.execute(
            """
            DELETE FROM raw.narrative_pairs
            WHERE report_id IN (SELECT report_id FROM pair_changed)
               OR other_report_id IN (SELECT report_id FROM pair_changed)
            """
        )
        conn.execute(
            "UPDATE raw.narrative_pairs SET threshold = ? WHERE threshold IS DISTINCT FROM ?",
            [THRESHOLD, THRESHOLD],
        )
        conn.execute(f"CREATE OR REPLACE TEMP TABLE pair_todo AS {CANDIDATES_SQL}")
        ((compared,),) = conn.execute("SELECT count(*) FROM pair_todo").fetchall()
        conn.execute(
            "INSERT INTO raw.narrative_pairs (report_id, other_report_id, similarity, threshold) "
            f"SELECT *, {THRESHOLD} FROM ({SIMILARITY_SQL})"
        )
        conn.execute("DELETE FROM raw.narrative_pair_basis")
        conn.execute("INSERT INTO raw.narrative_pair_basis BY NAME SELECT * FROM pair_basis_now")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        for table in _TEMP:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    ((copies, pairs),) = conn.execute(
        "SELECT count(*) FILTER (WHERE similarity >= ?), count(*) FROM raw.narrative_pairs",
        [THRESHOLD],
    ).fetchall()
    return PairsLanded(int(copies), int(pairs), int(compared))


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
