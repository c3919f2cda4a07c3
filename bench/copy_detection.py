"""Time S-04 copy detection over a national year of narratives, beside a plain group-by.

    .venv/bin/python bench/copy_detection.py [--reports 100000] [--copies 0.03] [--seed 7]

Generates ``--reports`` narratives with the corpus's prose generator (``corpus/prose.py``: each
report's own phrase combinations and place names, every agency named), then plants copies: a
share ``--copies`` of the reports take another report's prose with their own agency name and
one sentence of their own in place of one of the source's (so a copy is no exact duplicate once
names and numbers are out, as real copies are not).
Measured in the same run, each in its own child process (seconds and that process's peak RSS):

- **copy detection**: comparable text → bottom-k sketches (numpy/polars, in chunks) → DuckDB
  candidate join on rare hashes and bottom-k Jaccard estimate (``expectations.rules.copies``,
  the warehouse's own code);
- **baseline**: exact-duplicate detection on the same comparable texts, a hash and a polars
  group-by — the cheapest whole-corpus pass there is, which finds only byte-identical prose.

Prints both, the ratio, and the recall of each on the planted copies.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import time
from itertools import combinations
from types import SimpleNamespace

import duckdb
import polars as pl

from corpus.prose import narrative
from expectations.rules.copies import THRESHOLD, land_pairs, sketches
from extract.narrative import comparable_text
from orchestration.lib.warehouse import ensure_raw_tables

_PLACES = "东西南北中新安宁平和丰泰兴隆永昌盛华光明清河湖山川林桥塘湾港沙石金玉龙凤云阳"
_DEPTS = ("教育局", "民政局", "财政局", "审计局", "统计局", "农业农村局", "卫生健康委员会")


def generate(n: int, share: float, seed: int) -> tuple[list[str], set[tuple[int, int]]]:
    """``n`` comparable narratives and the planted pairs (every two reports with one prose)."""
    rng = random.Random(seed)
    copied = rng.sample(range(n), int(n * share))
    originals = sorted(set(range(n)) - set(copied))
    sources = {i: rng.choice(originals) for i in copied}  # a copy of an original, never of a copy
    texts = []
    for i in range(n):
        agency = "".join(rng.sample(_PLACES, 2)) + "县" + rng.choice(_DEPTS)
        fake = SimpleNamespace(
            seed=seed * 1_000_003 + i,
            prose_seed=None,
            agency_printed=agency,
            cells={},
            narrative_slip=0,
        )
        paragraphs = _paragraphs(fake)
        if i in sources:  # the source's prose under its own name, one sentence its own
            source = SimpleNamespace(**{**vars(fake), "seed": seed * 1_000_003 + sources[i]})
            theirs = _sentences(_paragraphs(source, fake.agency_printed))
            own = _sentences(paragraphs)
            k = rng.randrange(min(len(theirs), len(own)))
            paragraphs = [*theirs[:k], own[k], *theirs[k + 1 :]]
        texts.append(comparable_text(paragraphs, [agency]))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(sources.get(i, i), []).append(i)
    planted = {pair for g in groups.values() for pair in combinations(sorted(g), 2)}
    return texts, planted


def _paragraphs(fake: SimpleNamespace, agency: str | None = None) -> list[str]:
    if agency is not None:
        fake = SimpleNamespace(**{**vars(fake), "agency_printed": agency})
    return [p for part in narrative(fake).values() for p in part]  # type: ignore[arg-type]


def _sentences(paragraphs: list[str]) -> list[str]:
    return [x + "。" for p in paragraphs for x in p.split("。") if x]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _detect(texts: list[str], out: mp.Queue) -> None:
    started = time.perf_counter()
    ids = [f"{i:07d}" for i in range(len(texts))]
    counts, kept = sketches(ids, texts)
    sketched = time.perf_counter() - started
    conn = duckdb.connect()
    ensure_raw_tables(conn)
    narratives = counts.with_columns(
        sentences=pl.lit(0, pl.Int32),
        comparable_chars=pl.Series([len(t) for t in texts], dtype=pl.Int32),
        judged=pl.col("shingles") >= 200,
    ).select("report_id", "sentences", "comparable_chars", "shingles", "judged")
    conn.register("n", narratives.to_arrow())
    conn.register("k", kept.to_arrow())
    conn.execute("INSERT INTO raw.narratives SELECT * FROM n")
    conn.execute("INSERT INTO raw.narrative_sketches SELECT * FROM k")
    land_pairs(conn)
    rows = conn.execute(
        "SELECT report_id, other_report_id, similarity FROM raw.narrative_pairs"
    ).fetchall()
    found = {(int(a), int(b)) for a, b, s in rows if s >= THRESHOLD}
    out.put(
        ("copy detection", time.perf_counter() - started, _peak_mb(), found, sketched, len(rows))
    )


def _baseline(texts: list[str], out: mp.Queue) -> None:
    started = time.perf_counter()
    frame = pl.DataFrame({"i": range(len(texts)), "text": texts}).with_columns(
        h=pl.col("text").hash()
    )
    groups = frame.group_by("h").agg(pl.col("i")).filter(pl.col("i").list.len() > 1)
    found = {pair for members in groups["i"].to_list() for pair in combinations(sorted(members), 2)}
    out.put(("exact duplicates", time.perf_counter() - started, _peak_mb(), found, 0.0, 0))


def _run(step, texts: list[str]):
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=step, args=(texts, out))
    child.start()
    result = out.get()
    child.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--copies", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    texts, planted = generate(args.reports, args.copies, args.seed)
    chars = sum(len(t) for t in texts)
    print(
        f"{args.reports:,} narratives ({chars / args.reports:.0f} comparable characters each), "
        f"{len(planted):,} planted copies; generated in {time.perf_counter() - started:.1f} s"
    )
    print(f"parent process before the steps: peak RSS {_peak_mb():.0f} MB")
    results = [_run(_detect, texts), _run(_baseline, texts)]
    for name, seconds, peak, found, sketched, pairs in results:
        recall = len(found & planted) / len(planted) if planted else 1.0
        extra = len(found - planted)
        detail = f" (sketches {sketched:.1f} s, {pairs:,} candidate pairs)" if pairs else ""
        print(
            f"{name:17s} {seconds:7.1f} s  peak RSS {peak:6.0f} MB  recall {recall:6.1%}  "
            f"pairs not planted {extra}{detail}"
        )
    ratio = results[0][1] / results[1][1]
    print(f"copy detection / exact-duplicate group-by: {ratio:.1f}x the time")


if __name__ == "__main__":
    main()
