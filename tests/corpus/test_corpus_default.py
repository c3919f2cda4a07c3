"""The committed default corpus (data/corpus) is exactly what ``python -m corpus`` writes, and it
has the promised shape: coverage gaps, mixed formats, slips, blanks, late reports, a renamed
agency, and files that are not reports."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from corpus.__main__ import main
from corpus.invariants import broken_rules, broken_year_rules
from corpus.truth import SLIP_RULES, YEAR_SLIP_RULES

REPO = Path(__file__).resolve().parents[2]
YEAR_RULES = {"Y-01", "Y-02"}
#: rules the table's own numbers cannot show: across years, and the planted prose (X-01, S-04)
NOT_IN_THE_TABLE = YEAR_RULES | {"X-01", "S-04"}
COMMITTED = REPO / "data" / "corpus"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    assert main(["--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def manifest(regenerated: Path) -> list[dict[str, str]]:
    with (regenerated / "manifest.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_regenerating_gives_the_committed_bytes(regenerated: Path) -> None:
    committed, fresh = _files(COMMITTED), _files(regenerated)
    assert sorted(committed) == sorted(fresh)
    differ = [name for name in fresh if committed[name] != fresh[name]]
    assert not differ, f"regenerate with `python -m corpus`: {differ[:5]}"


def test_corpus_is_small(regenerated: Path) -> None:
    assert sum(len(b) for b in _files(regenerated).values()) < 6_000_000  # prose since X-01/S-04


def test_mix_of_formats_years_and_agencies(manifest: list[dict[str, str]]) -> None:
    reports = [m for m in manifest if m["status"] == "report"]
    kinds = Counter(m["format"] for m in reports)
    n = len(reports)
    assert 80 <= n <= 150
    assert kinds["txt"] + kinds["md"] + kinds["html"] > n / 2
    assert 0.08 * n <= kinds["pdf"] <= 0.25 * n and 0.05 * n <= kinds["docx"] <= 0.18 * n
    agencies = {m["agency_id"] for m in reports}
    assert 20 <= len(agencies) <= 30
    assert len({m["province"] for m in reports}) >= 3
    assert {m["year"] for m in reports} == {str(y) for y in range(2019, 2025)}
    per_agency = Counter(m["agency_id"] for m in reports)
    assert min(per_agency.values()) >= 3
    assert any(c < 6 for c in per_agency.values())  # coverage gaps


def test_slips_blanks_and_late_reports(manifest: list[dict[str, str]]) -> None:
    reports = [m for m in manifest if m["status"] == "report"]
    slipped = [m for m in reports if m["slips"]]
    assert 0.03 * len(reports) <= len(slipped) <= 0.08 * len(reports)
    for m in slipped:
        assert set(m["rules"].split(";")) == {**SLIP_RULES, **YEAR_SLIP_RULES}[m["slips"]]
    assert sum(1 for m in reports if m["blanks"] != "0") >= 3
    late = [m for m in reports if m["late"]]
    assert len(late) >= 3 and all(m["published"] for m in late)
    assert any(m["agency_kind"] == "government" for m in late)


def test_renamed_agency_short_name_and_laggard(manifest: list[dict[str, str]]) -> None:
    names = {m["agency"] for m in manifest if m["agency_id"] == "wuzhi-gxj"}
    assert len(names) >= 3 and all(n.startswith("武陟县") for n in names)
    assert {"wuzhi-gxj"} == {m["agency_id"] for m in manifest if "工信局" in m["agency"]}
    assert any(m["agency"] == "沭阳县发改局" for m in manifest)
    assert any(int(m["year"] or 0) > 2020 and m["template"] == "2019" for m in manifest)


def test_bad_files_are_listed_with_a_reason(
    manifest: list[dict[str, str]], regenerated: Path
) -> None:
    bad = [m for m in manifest if m["status"] == "bad"]
    assert len(bad) == 3 and all(m["reason"] for m in bad)
    assert (regenerated / "reports" / "bad_empty.txt").stat().st_size == 0


def test_truth_csv_is_in_the_gold_format_and_matches_the_manifest(
    regenerated: Path, manifest: list[dict[str, str]]
) -> None:
    with (regenerated / "truth.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["file", "template", "table", "row", "col", "value"]
    by_file: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_file.setdefault(r["file"], []).append(r)
    reports = {m["file"]: m for m in manifest if m["status"] == "report"}
    assert set(by_file) == set(reports)
    truth_cells: dict[str, dict] = {}
    for file, cells in by_file.items():
        meta = {r["row"]: r["value"] for r in cells if r["table"] == "meta"}
        m = reports[file]
        assert meta["agency"] == m["agency"] and meta["year"] == m["year"]
        assert meta["template"] == m["template"] == cells[0]["template"]
        assert meta.get("published", "") == m["published"]
        values = {}
        for r in cells:
            if r["table"] != "meta":
                v = r["value"]
                values[(r["table"], r["row"], r["col"])] = (
                    None if v == "EMPTY" else (int(v) if v.lstrip("-").isdigit() else Decimal(v))
                )
        expected = {r for r in m["rules"].split(";") if r and r not in NOT_IN_THE_TABLE}
        assert broken_rules(values) == expected, file
        truth_cells[file] = values
    # cross-year: Y-01/Y-02 exactly where the manifest says, i.e. where a year slip was injected
    by_agency = {(m["agency_id"], int(m["year"])): m["file"] for m in reports.values()}
    for m in reports.values():
        before = by_agency.get((m["agency_id"], int(m["year"]) - 1))
        found = broken_year_rules(truth_cells[before], truth_cells[m["file"]]) if before else set()
        listed = {f for f in m["findings"].split(";") if f in YEAR_RULES}
        assert found == listed, m["file"]
        assert bool(found) == (m["slips"] == "carried_in_mismatch"), m["file"]


def test_findings_list_every_expected_warning(manifest: list[dict[str, str]]) -> None:
    reports = [m for m in manifest if m["status"] == "report"]
    for m in reports:
        found = set(m["findings"].split(";")) - {""}
        assert ("T-01" in found) == bool(m["late"])
        assert ("S-02" in found) == (
            m["template"] != ("2019" if int(m["year"]) <= 2020 else "2021")
        )
        assert {r for r in m["rules"].split(";") if r} <= found
    listed = {f for m in reports for f in m["findings"].split(";") if f}
    assert {"B-01", "B-02", "B-03", "C-01", "Y-01", "T-01", "S-02", "S-03"} <= listed


def test_one_report_is_restated_with_a_few_cells_changed(
    regenerated: Path, manifest: list[dict[str, str]]
) -> None:
    """The restated report: same agency and year as its original, a later date, other cells."""
    [restated] = [m for m in manifest if m["restates"]]
    [original] = [m for m in manifest if m["file"] == restated["restates"]]
    for field in ("agency_id", "agency", "year", "template", "format"):
        assert restated[field] == original[field], field
    assert original["published"] < restated["published"]
    assert not restated["late"] and not restated["findings"] and not original["findings"]
    with (regenerated / "truth.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["table"] != "meta"]
    cells = {
        name: {(r["table"], r["row"], r["col"]): r["value"] for r in rows if r["file"] == name}
        for name in (original["file"], restated["file"])
    }
    old, new = cells[original["file"]], cells[restated["file"]]
    assert old.keys() == new.keys()
    changed = {k for k in old if old[k] != new[k]}
    assert changed == {
        ("requests", "granted", "natural_person"),
        ("requests", "granted", "total"),
        ("requests", "unable_not_held", "natural_person"),
        ("requests", "unable_not_held", "total"),
        ("proactive", "licensing", "decisions"),
    }


def test_one_copied_narrative_and_one_off_its_table(manifest: list[dict[str, str]]) -> None:
    reports = [m for m in manifest if m["status"] == "report"]
    x01 = [m for m in reports if "X-01" in m["rules"].split(";")]
    s04 = [m for m in reports if "S-04" in m["rules"].split(";")]
    assert len(x01) == len(s04) == 1
    (copied,) = s04
    assert any(
        m["agency_id"] == copied["agency_id"] and int(m["year"]) == int(copied["year"]) - 1
        for m in reports
    )  # copied from its agency's report of the year before
    assert all(m["layout"] != "scan" and not m["slips"] for m in x01 + s04)
