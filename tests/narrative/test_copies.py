"""S-04 copy detection: the set-based sketch join finds the default corpus's planted copy and
nothing else; the real samples and devset are far apart; a copy with every number and the
agency's name changed still reads as a copy."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import polars as pl
import pytest

from expectations.rules.copies import THRESHOLD, land_pairs, sketches
from extract.api import extract_path
from extract.narrative import comparable_text
from orchestration.lib.shaping import narrative_frames
from orchestration.lib.warehouse import ensure_raw_tables

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def _pairs(paths: list[Path]) -> dict[tuple[str, str], float]:
    """Similarity of every candidate pair, by file name, through the warehouse's own SQL."""
    results = [extract_path(p) for p in paths]
    names = {r.sha256: Path(r.file).name for r in results}
    narratives, kept = narrative_frames(results)
    conn = duckdb.connect()
    ensure_raw_tables(conn)
    conn.register("n", narratives.to_arrow())
    conn.register("k", kept.to_arrow())
    conn.execute("INSERT INTO raw.narratives SELECT * FROM n")
    conn.execute("INSERT INTO raw.narrative_sketches SELECT * FROM k")
    land_pairs(conn)
    rows = conn.execute("SELECT report_id, other_report_id, similarity FROM raw.narrative_pairs")
    return {tuple(sorted((names[a], names[b]))): s for a, b, s in rows.fetchall()}


def test_default_corpus_has_exactly_the_planted_copy() -> None:
    with (CORPUS / "manifest.csv").open(encoding="utf-8") as f:
        manifest = [m for m in csv.DictReader(f) if m["status"] == "report"]
    # a scan's prose is not read; a restated version (更正后重新发布) is the same report again,
    # which S-04 never compares (same agency and year)
    readable = [m for m in manifest if m["layout"] != "scan" and not m["restates"]]
    (copied,) = [m for m in manifest if "S-04" in m["rules"].split(";")]
    (source,) = [
        m
        for m in manifest
        if m["agency_id"] == copied["agency_id"] and int(m["year"]) == int(copied["year"]) - 1
    ]
    pairs = _pairs([CORPUS / "reports" / m["file"] for m in readable])
    copies = {pair for pair, s in pairs.items() if s >= THRESHOLD}
    assert copies == {tuple(sorted((copied["file"], source["file"])))}
    others = [s for pair, s in pairs.items() if pair not in copies]
    assert max(others, default=0) < 0.4  # written apart: far under the threshold


def test_real_reports_are_not_copies(shared_dir: Path) -> None:
    real = sorted((shared_dir / "samples").glob("*.txt")) + sorted(
        p for p in (shared_dir / "devset").iterdir() if p.suffix in {".txt", ".md", ".html", ".pdf"}
    )
    assert all(s < THRESHOLD for s in _pairs(real).values())


@pytest.mark.parametrize("changed", ["numbers", "numbers_and_name"])
def test_a_copy_with_its_numbers_and_name_changed_is_still_one(
    shared_dir: Path, changed: str
) -> None:
    original = extract_path(shared_dir / "samples" / "000_3a76839b33e1ea7f.txt")
    names = [original.report.agency, original.report.province, original.report.city]
    other = "温县科技和工业信息化局" if changed == "numbers_and_name" else names[0]
    copy = [
        s.replace(names[0], other).replace("500", "734").replace("2022", "2023")
        for s in original.narrative
    ]
    texts = [comparable_text(original.narrative, names), comparable_text(copy, [other])]
    _, kept = sketches(["a", "b"], texts)
    a = set(kept.filter(kept["report_id"] == "a")["shingle_hash"])
    b = set(kept.filter(kept["report_id"] == "b")["shingle_hash"])
    union = sorted(a | b)[:128]
    assert sum(1 for h in union if h in a and h in b) / len(union) >= 0.9


def test_pair_similarity_is_the_bottom_k_jaccard_and_fits_a_small_memory_cap() -> None:
    """Many candidate pairs (groups of reports sharing rare hashes) under a 256 MB DuckDB cap: the
    pair SQL keeps no (pair × hash) rows, and each similarity equals the bottom-k estimate
    computed directly from the two sketches."""
    import random

    import duckdb

    from expectations.rules.copies import K, land_pairs

    rng = random.Random(7)
    sketches: dict[str, list[int]] = {}
    for group in range(60):  # 60 groups × 40 reports: ~47k candidate pairs
        common = rng.sample(range(10**12), 100)
        for member in range(40):
            own = rng.sample(range(10**12, 2 * 10**12), 100)
            hashes = sorted(set(rng.sample(common, 60) + own))[:K]
            sketches[f"g{group:02d}m{member:02d}"] = hashes
    conn = duckdb.connect()
    conn.execute("SET memory_limit = '256MB'; SET threads = 1")
    ensure_raw_tables(conn)
    conn.executemany(
        "INSERT INTO raw.narratives (report_id, judged) VALUES (?, true)", [[r] for r in sketches]
    )
    _insert_sketches(conn, sketches)
    land_pairs(conn)
    pairs = conn.execute(
        "SELECT report_id, other_report_id, similarity FROM raw.narrative_pairs"
    ).fetchall()
    assert len(pairs) > 40_000
    for a, b, similarity in rng.sample(pairs, 500):
        union = sorted(set(sketches[a]) | set(sketches[b]))[:K]
        both = set(sketches[a]) & set(sketches[b])
        assert similarity == sum(h in both for h in union) / len(union)


def _insert_sketches(conn: duckdb.DuckDBPyConnection, sketches: dict[str, list[int]]) -> None:
    rows = pl.DataFrame(
        {"report_id": list(sketches), "shingle_hash": list(sketches.values())},
        schema={"report_id": pl.String, "shingle_hash": pl.List(pl.Int64)},
    ).explode("shingle_hash")
    conn.register("sketch_rows", rows.to_arrow())
    conn.execute("INSERT INTO raw.narrative_sketches BY NAME SELECT * FROM sketch_rows")
    conn.unregister("sketch_rows")


def _group_sketches(rng, groups: int, members: int) -> dict[str, list[int]]:
    """Reports in groups sharing some hashes (candidates inside a group), K hashes each."""
    from expectations.rules.copies import K

    out: dict[str, list[int]] = {}
    for group in range(groups):
        common = rng.sample(range(10**12), 100)
        for member in range(members):
            own = rng.sample(range(10**12, 2 * 10**12), 100)
            out[f"g{group:02d}m{member:02d}"] = sorted(set(rng.sample(common, 60) + own))[:K]
    return out


def _land(
    conn: duckdb.DuckDBPyConnection, sketches: dict[str, list[int]], judged: set[str]
) -> None:
    conn.execute("DELETE FROM raw.narratives; DELETE FROM raw.narrative_sketches")
    narratives = pl.DataFrame(
        {"report_id": list(sketches), "judged": [r in judged for r in sketches]}
    )
    conn.register("narrative_rows", narratives.to_arrow())
    conn.execute("INSERT INTO raw.narratives BY NAME SELECT * FROM narrative_rows")
    conn.unregister("narrative_rows")
    _insert_sketches(conn, sketches)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pairs_kept_from_the_last_run_are_the_pairs_a_whole_computation_gives(seed: int) -> None:
    """Rounds of random changes (a report's prose rewritten, copied from another, added,
    withdrawn, no longer judged, the threshold moved): after each, raw.narrative_pairs brought up
    to date incrementally holds exactly the rows computed from nothing — no stale similarity,
    no lost or extra candidate — and the second round onwards really did keep pairs."""
    import random

    from expectations.rules import copies

    rng = random.Random(seed)
    sketches = _group_sketches(rng, groups=40, members=8)
    judged = set(sketches)
    incremental, whole = duckdb.connect(), duckdb.connect()
    for conn in (incremental, whole):
        ensure_raw_tables(conn)
    kinds = ["rewrite", "copy", "add", "withdraw", "unjudge", "threshold", "nothing"]
    for round_ in range(8):
        kind = kinds[round_ % len(kinds)] if round_ else "first"
        names = sorted(sketches)
        for name in rng.sample(names, 4):
            if kind == "rewrite":
                sketches[name] = sorted(
                    set(sketches[name][:90] + rng.sample(range(3 * 10**12, 4 * 10**12), 38))
                )[: copies.K]
            elif kind == "copy":
                sketches[name] = list(sketches[rng.choice(names)])
            elif kind == "add":
                sketches[f"{name}x{round_}"] = list(sketches[name])
                judged.add(f"{name}x{round_}")
            elif kind == "withdraw":
                sketches.pop(name, None)
            elif kind == "unjudge":
                judged.discard(name)
        threshold = 0.55 if kind == "threshold" else copies.THRESHOLD
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(copies, "THRESHOLD", threshold)
            _land(incremental, sketches, judged)
            landed = copies.land_pairs(incremental)
            _land(whole, sketches, judged)
            whole.execute("DELETE FROM raw.narrative_pairs; DELETE FROM raw.narrative_pair_basis")
            copies.land_pairs(whole)
        query = "SELECT * FROM raw.narrative_pairs ORDER BY report_id, other_report_id"
        got, want = incremental.execute(query).fetchall(), whole.execute(query).fetchall()
        assert got == want, (round_, kind)
        assert len(want) > 100 and landed.pairs == len(want)
        # the first round compares every pair; a later one only the changed reports' pairs
        # (the threshold's round none: it only relabels)
        assert landed.compared == len(want) if round_ == 0 else landed.compared < len(want) / 3
        if kind in ("threshold", "nothing"):
            assert landed.compared == 0
