"""The invariants of the spec evaluated on generated cells: report-level (B-01…B-04, C-01) and,
between an agency's consecutive reports, cross-year (Y-01, Y-02).

Used to prove the generator: a truth without slips breaks nothing, a slip breaks exactly the
rules it records. An equation with a blank (``None``) or missing term is not evaluated: a blank
is not a zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from extract.vocabulary import APPLICANT_COLUMNS, DISPUTE_COLUMNS, DISPUTE_ROWS

Key = tuple[str, str, str]
_FLOWS = ("new_received", "carried_in", "result_total", "carried_out")
_NOT_OUTCOMES = frozenset(_FLOWS)
#: cells that may be negative (2019 本年增/减) or decimal (fees, amounts)
_SIGNED_COLS = frozenset({"change"})
_DECIMAL_COLS = frozenset({"amount", "amount_wan_yuan"})
_FORCE_COLS = ("in_force", "issued", "repealed")


def _sum(values: Iterable[object]) -> int | None:
    total = 0
    for v in values:
        if v is None:
            return None
        total += v  # type: ignore[operator]
    return total


def broken_rules(cells: Mapping[Key, object]) -> frozenset[str]:
    """The ids of the invariants these cells break (empty for a consistent report)."""
    broken: set[str] = set()
    req_rows: list[str] = []
    for table, row, _ in cells:
        if table == "requests" and row not in req_rows:
            req_rows.append(row)
    outcomes = [r for r in req_rows if r not in _NOT_OUTCOMES]
    columns = [c for c in (*APPLICANT_COLUMNS, "total") if ("requests", "new_received", c) in cells]

    def get(row: str, col: str) -> object:
        return cells.get(("requests", row, col))

    for col in columns:
        new, came, done, out = (get(r, col) for r in _FLOWS)
        if None not in (new, came, done, out) and new + came != done + out:  # type: ignore[operator]
            broken.add("B-01")
        parts = _sum(get(r, col) for r in outcomes)
        if parts is not None and done is not None and parts != done:
            broken.add("B-02")
    if "total" in columns:
        for row in req_rows:
            parts = _sum(get(row, c) for c in APPLICANT_COLUMNS)
            total = get(row, "total")
            if parts is not None and total is not None and parts != total:
                broken.add("B-03")
    for (table, _, col), v in cells.items():
        if v is None or table == "disputes":
            continue
        if col in _DECIMAL_COLS:
            if not isinstance(v, int | Decimal) or v < 0:
                broken.add("B-04")
        elif not isinstance(v, int) or (v < 0 and col not in _SIGNED_COLS):
            broken.add("B-04")
    for row in DISPUTE_ROWS:
        parts = _sum(cells.get(("disputes", row, c)) for c in DISPUTE_COLUMNS[:4])
        total = cells.get(("disputes", row, "total"))
        if parts is not None and total is not None and parts != total:
            broken.add("C-01")
    return frozenset(broken)


def broken_year_rules(
    previous: Mapping[Key, object], cells: Mapping[Key, object]
) -> frozenset[str]:
    """Cross-year rules between an agency's report and its previous year's (Y-01, Y-02)."""
    broken: set[str] = set()
    for (table, row, col), came in cells.items():
        if table == "requests" and row == "carried_in":
            left = previous.get(("requests", "carried_out", col))
            if came is not None and left is not None and came != left:
                broken.add("Y-01")
    for row in ("rules", "normative_docs"):
        before = previous.get(("proactive", row, "in_force"))
        now, issued, repealed = (cells.get(("proactive", row, c)) for c in _FORCE_COLS)
        if None not in (before, now, issued, repealed) and now != before + issued - repealed:  # type: ignore[operator]
            broken.add("Y-02")
    return frozenset(broken)
