"""The invariants of the spec evaluated on generated cells: report-level (B-01…B-04, C-01) and,
between an agency's consecutive reports, cross-year (Y-01, Y-02).

Used to prove the generator: a truth without slips breaks nothing, a slip breaks exactly the
rules it records. The sums (B-01, B-02, B-03, C-01) are the template's identities, checked by
:func:`extract.identities.broken` (one place says which cells each rule adds up); B-04 and the
cross-year rules are checked here. An equation with a blank (``None``) or missing term is not
evaluated: a blank is not a zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from extract import identities
from extract.vocabulary import MONEY_CELLS

Key = tuple[str, str, str]
#: cells that may be negative (2019 本年增/减) or decimal (fees, amounts)
_SIGNED_COLS = frozenset({"change"})
_DECIMAL_COLS = frozenset(col for _, _, col in MONEY_CELLS)
_FORCE_COLS = ("in_force", "issued", "repealed")


def broken_rules(cells: Mapping[Key, object], template: str | None = None) -> frozenset[str]:
    """The ids of the invariants these cells break (empty for a consistent report).

    Without ``template``, the version is the one whose （六）其他处理 rows the cells print: the
    only part of the identities that differs between versions, and uncheckable when unprinted.
    """
    requests_rows = tuple(dict.fromkeys(row for table, row, _ in cells if table == "requests"))
    other = identities.printed_other(requests_rows)
    if template is None:
        template = "2019" if other == identities.OTHER_2019 else "2021"
    broken = set(identities.broken(cells, template, other))
    for (table, _, col), v in cells.items():
        if v is None or table == "disputes":
            continue
        if col in _DECIMAL_COLS:
            if not isinstance(v, int | Decimal) or v < 0:
                broken.add("B-04")
        elif not isinstance(v, int) or (v < 0 and col not in _SIGNED_COLS):
            broken.add("B-04")
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
