"""The devset's HTML page and WPS PDF: reader rows carry the gold numbers in the right rows, and
(once the mapper exists) every gold cell of these two files is extracted exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extract.layout import Document
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf

HTML = "015_shuyang_fgj_2023.html"
PDF = "010_hongze_district_2024.pdf"
APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services"]
REQUEST_COLS = [*APPLICANTS, "other_org", "total"]
DISPUTE_COLS = ["upheld", "corrected", "other", "pending", "total"]
#: a row key of the requests table and a piece of its printed label
REQUEST_ROWS = {
    "new_received": "本年新收",
    "carried_in": "上年结转",
    "granted": "予以公开",
    "partial": "部分公开",
    "deny_security_stability": "三安全一稳定",
    "unable_not_held": "本机关不掌握",
    "unable_needs_creation": "没有现成信息",
    "np_petition": "信访举报",
    "np_confirm_reissue": "确认或重",
    "result_total": "（七）总计",
    "carried_out": "结转下年度",
}


def gold(shared: Path, name: str) -> dict[tuple[str, str, str], str]:
    with (shared / "devset" / "gold_cells.csv").open(encoding="utf-8") as f:
        return {
            (r["table"], r["row"], r["col"]): "" if r["value"] == "EMPTY" else r["value"]
            for r in csv.DictReader(f)
            if r["file"] == name and r["table"] != "meta"
        }


def values_of(doc: Document, needle: str) -> list[str]:
    """The non-covered fragments of the table row whose text contains ``needle``."""
    for row in doc.rows:
        if row.table is not None and needle in row.text:
            return [f.text for f in row.fragments if not f.covered]
    raise AssertionError(f"no table row contains {needle!r}")


@pytest.fixture(scope="module")
def docs(shared_dir: Path) -> dict[str, Document]:
    devset = shared_dir / "devset"
    return {
        HTML: read_html((devset / HTML).read_bytes()),
        PDF: read_pdf((devset / PDF).read_bytes()),
    }


@pytest.mark.parametrize("name", [HTML, PDF])
@pytest.mark.parametrize("row", sorted(REQUEST_ROWS))
def test_request_rows_carry_gold_numbers(
    docs: dict[str, Document], shared_dir: Path, name: str, row: str
) -> None:
    expected = [gold(shared_dir, name)[("requests", row, col)] for col in REQUEST_COLS]
    got = values_of(docs[name], REQUEST_ROWS[row])
    assert got[-7:] == expected, got


@pytest.mark.parametrize("name", [HTML, PDF])
def test_proactive_and_disputes_rows(
    docs: dict[str, Document], shared_dir: Path, name: str
) -> None:
    g = gold(shared_dir, name)
    docs_row = values_of(docs[name], "规范性文件")
    assert docs_row[-3:] == [
        g[("proactive", "normative_docs", c)] for c in ("issued", "repealed", "in_force")
    ]
    assert values_of(docs[name], "行政处罚")[-1] == g[("proactive", "penalty", "decisions")]
    bare = [
        [f.text for f in r.fragments]
        for r in docs[name].rows
        if r.table is not None
        and len(r.fragments) == 15
        and all(f.text.isdigit() for f in r.fragments)
    ]
    expected = [
        g[("disputes", row, col)]
        for row in ("review", "litigation_direct", "litigation_after_review")
        for col in DISPUTE_COLS
    ]
    assert bare == [expected]


def test_pdf_stub_label_and_continuation(docs: dict[str, Document]) -> None:
    doc = docs[PDF]
    stub = values_of(doc, "（一）予以公开")
    assert stub[0] == "三、本年度办理结果"
    assert any("continued on page 4" in n for n in doc.notes)
    tables = {r.table for r in doc.rows if "结转下年度" in r.text or "本年新收" in r.text}
    assert len(tables) == 1  # the requests table keeps its number across the page break
    assert "- 3 -" not in doc.text


@pytest.mark.parametrize("name", [HTML, PDF])
def test_every_gold_cell_extracted(shared_dir: Path, name: str) -> None:
    from extract.api import extract_bytes

    result = extract_bytes((shared_dir / "devset" / name).read_bytes(), name)
    assert result.status == "ok", result.reason
    got = {(c.table, c.row, c.col): c for c in result.cells}
    expected = gold(shared_dir, name)
    wrong = {}
    for key, text in expected.items():
        cell = got.get(key)
        value = None if text == "" else float(text)
        if cell is None or cell.text != text or cell.value != value:
            wrong[key] = (text, None if cell is None else (cell.text, cell.value))
    assert not wrong, f"{len(wrong)}/{len(expected)} gold cells wrong: {sorted(wrong.items())[:20]}"
    assert all(c.where.startswith(("page ", "table ")) for c in result.cells)
