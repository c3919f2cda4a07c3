"""The template's own identities (勾稽关系), declared once: which cells each rule adds up.

B-01, B-02, B-03 and C-01 are linear equations between the cells of one table. The reader uses
them to choose between readings of a doubtful print, ``expectations/`` checks them on landed
data, the corpus generator proves its truth against them, and dbt reads the same lists (seed
``template_identities.csv``, written from :func:`identity_rows`). Nothing else spells out which
rows or columns a rule adds.

An identity is ``sum(left) == sum(right)`` along one *axis*: per column (the terms are row keys,
the column varies) or per row (the terms are column keys, the row varies).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from extract.vocabulary import (
    APPLICANT_COLUMNS,
    DISPUTE_COLUMNS,
    DISPUTE_ROWS,
    TEMPLATES,
    outcome_rows,
)

Axis = Literal["per_column", "per_row"]
Key = tuple[str, str, str]

#: （六）其他处理: one row in 2019, three sub-rows in 2021 (a mixed report may print either)
OTHER_2019 = ("other",)
OTHER_2021 = ("other_no_correction", "other_fee_unpaid", "other_other")


@dataclass(frozen=True, slots=True)
class Identity:
    """``sum(left) = sum(right)`` in ``table``, for every column (``per_column``: terms are row
    keys) or every row (``per_row``: terms are column keys) the report prints."""

    rule: str
    table: str
    axis: Axis
    left: tuple[str, ...]
    right: tuple[str, ...]
    #: the rows (per_column) or columns (per_row) the identity applies to; empty = all printed
    applies_to: tuple[str, ...] = ()
    label_zh: str = ""

    @property
    def terms(self) -> tuple[str, ...]:
        return (*self.left, *self.right)


def _b02(outcomes: tuple[str, ...]) -> Identity:
    return Identity(
        "B-02",
        "requests",
        "per_column",
        ("result_total",),
        outcomes,
        label_zh="三（七）总计 = 三（一）至（六）之和",
    )


B01 = Identity(
    "B-01",
    "requests",
    "per_column",
    ("new_received", "carried_in"),
    ("result_total", "carried_out"),
    label_zh="一 本年新收 + 二 上年结转 = 三（七）总计 + 四 结转下年度继续办理",
)
B03 = Identity(
    "B-03",
    "requests",
    "per_row",
    ("total",),
    APPLICANT_COLUMNS,
    label_zh="总计 = 自然人 + 五类法人或其他组织",
)
C01 = Identity(
    "C-01",
    "disputes",
    "per_row",
    ("total",),
    DISPUTE_COLUMNS[:4],
    applies_to=DISPUTE_ROWS,
    label_zh="总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
)

#: the outcome rows common to both versions (（一）…（五）)
COMMON_OUTCOMES = tuple(r for r in outcome_rows("2019") if r not in OTHER_2019)


@cache
def identities(template: str, other_rows: tuple[str, ...] | None = None) -> tuple[Identity, ...]:
    """Every identity of a template version. ``other_rows`` overrides how （六） is printed (a
    2021 report printing 2019's single row, or the reverse)."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template version {template!r}; expected one of {TEMPLATES}")
    other = other_rows or (OTHER_2019 if template == "2019" else OTHER_2021)
    return (B01, _b02((*COMMON_OUTCOMES, *other)), B03, C01)


def printed_other(rows: tuple[str, ...] | list[str]) -> tuple[str, ...] | None:
    """How a table printed （六）其他处理: the three 2021 sub-rows, the single 2019 row, or
    ``None`` (neither: the template's own)."""
    if all(r in rows for r in OTHER_2021):
        return OTHER_2021
    if "other" in rows:
        return OTHER_2019
    return None


def equations(
    ident: Identity, printed_rows: tuple[str, ...], printed_cols: tuple[str, ...]
) -> Iterator[tuple[str, tuple[Key, ...], tuple[Key, ...]]]:
    """The concrete equations of ``ident`` over a table printing these rows and columns:
    (location, left keys, right keys). An equation naming a row or column the table does not
    print is not an equation of this table (a report without 总计 has no B-03)."""
    per_column = ident.axis == "per_column"
    terms_from, lines = (printed_rows, printed_cols) if per_column else (printed_cols, printed_rows)
    if not set(ident.terms) <= set(terms_from):
        return

    def key(line: str, term: str) -> Key:
        return (ident.table, term, line) if per_column else (ident.table, line, term)

    for line in ident.applies_to or lines:
        yield (
            line,
            tuple(key(line, t) for t in ident.left),
            tuple(key(line, t) for t in ident.right),
        )


Lookup = Callable[[Key], object]


def holds(left: tuple[Key, ...], right: tuple[Key, ...], value: Lookup) -> bool | None:
    """Whether one equation holds; ``None`` when a term is missing or blank (a blank is not a
    zero: the equation cannot be checked)."""
    total = 0
    for sign, keys in ((1, left), (-1, right)):
        for k in keys:
            v = value(k)
            if v is None:
                return None
            total += sign * v  # type: ignore[operator]
    return total == 0


def broken(
    cells: Mapping[Key, object], template: str, other_rows: tuple[str, ...] | None = None
) -> frozenset[str]:
    """Rule ids of the identities these cells break (checkable equations only)."""
    out: set[str] = set()
    by_table: dict[str, tuple[list[str], list[str]]] = {}
    for table, row, col in cells:
        rows, cols = by_table.setdefault(table, ([], []))
        if row not in rows:
            rows.append(row)
        if col not in cols:
            cols.append(col)
    for ident in identities(
        template, other_rows or printed_other(by_table.get("requests", ([], []))[0])
    ):
        rows, cols = by_table.get(ident.table, ([], []))
        for _, left, right in equations(ident, tuple(rows), tuple(cols)):
            if holds(left, right, cells.get) is False:
                out.add(ident.rule)
    return frozenset(out)


def identity_rows() -> list[dict[str, str]]:
    """The identities as flat rows (template, rule, table, axis, side, term, position) for the
    dbt seed and for documentation."""
    out = []
    for template in TEMPLATES:
        for ident in identities(template):
            for side, terms in (("left", ident.left), ("right", ident.right)):
                for i, term in enumerate(terms):
                    out.append(
                        {
                            "template": template,
                            "rule_id": ident.rule,
                            "table_name": ident.table,
                            "axis": ident.axis,
                            "side": side,
                            "term": term,
                            "position": str(i),
                        }
                    )
    return out


def vector_check(
    idents: tuple[Identity, ...], keys: tuple[tuple[str, str], ...]
) -> Callable[[tuple[object, ...]], bool]:
    """A check of a vector of cells laid out as ``keys`` ((row, col) per position) against
    every equation of ``idents`` whose cells are all in the vector; blank counts as 0, as a
    checker choosing between readings must (a blank only ever stands for nothing)."""
    at = {k: i for i, k in enumerate(keys)}
    rows = tuple(dict.fromkeys(r for r, _ in keys))
    cols = tuple(dict.fromkeys(c for _, c in keys))
    eqs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for ident in idents:
        for _, left, right in equations(ident, rows, cols):
            li = [at.get(k[1:]) for k in left]
            ri = [at.get(k[1:]) for k in right]
            if None not in li and None not in ri:
                eqs.append((tuple(li), tuple(ri)))  # type: ignore[arg-type]

    def check(values: tuple[object, ...]) -> bool:
        def total(ix: tuple[int, ...]) -> object:
            return sum(0 if values[i] is None else values[i] for i in ix)  # type: ignore[misc]

        return all(total(left) == total(right) for left, right in eqs)

    return check
