"""Compare what the extractor read from a rendered report with the truth it was rendered from.

Pure: takes the truth and an :class:`extract.model.Extraction`, returns the differences as short
readable lines (``requests/granted/total: expected 3, got 8 ("8", line 40)``). An empty list is a
perfect round trip: every truth cell extracted with its value (blank stays blank), no cell the
report does not print, and agency / year / template / publication date (null when the file
states none) / province / city / county equal.
"""

from __future__ import annotations

from decimal import Decimal

from corpus.truth import ReportTruth, Value
from extract.model import Extraction


def _same(expected: Value, got: object) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, Decimal):
        return isinstance(got, int | float) and Decimal(str(got)) == expected
    return isinstance(got, int) and not isinstance(got, bool) and got == expected


def differences(
    truth: ReportTruth, extraction: Extraction, *, missing_ok_with_note: bool = False
) -> list[str]:
    """Every way ``extraction`` differs from ``truth`` (cells and report metadata).

    ``missing_ok_with_note``: for layouts where a cell may be unrecoverable (crawler text that
    runs numbers together), a missing cell is fine as long as the extractor says so in a note;
    a wrong value never is.
    """
    if extraction.status != "ok":
        return [f"rejected: {extraction.reason}"]
    out: list[str] = []
    meta = extraction.report
    expected_meta = {
        "agency": truth.agency_printed,
        "year": truth.year,
        "template": truth.template,
        "published": truth.published.isoformat() if truth.published_stated else None,
        "province": truth.region.province,
        "city": truth.region.city,
        "county": truth.region.county,
    }
    for field, want in expected_meta.items():
        got = getattr(meta, field, None) if meta else None
        if got != want:
            out.append(f"meta {field}: expected {want!r}, got {got!r}")
    got_cells = {(c.table, c.row, c.col): c for c in extraction.cells}
    for key, want in truth.cells.items():
        cell = got_cells.get(key)
        name = "/".join(key)
        if cell is None:
            if not (missing_ok_with_note and extraction.notes):
                out.append(f"{name}: expected {want}, missing")
        elif not _same(want, cell.value):
            out.append(f"{name}: expected {want}, got {cell.value} ({cell.text!r}, {cell.where})")
    for key in sorted(set(got_cells) - set(truth.cells)):
        cell = got_cells[key]
        out.append(f"{'/'.join(key)}: not printed, got {cell.value} ({cell.text!r}, {cell.where})")
    return out
