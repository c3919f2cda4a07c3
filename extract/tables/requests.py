"""三、收到和处理政府信息公开申请情况: the requests table, read as one consistent whole.

1. Rows: each run of printed cells gets its row from its label; rows displaced from their labels
   (PDF→markdown converters) are matched by the template's fixed row order (``aligned``).
2. Columns: the header says whether a 总计 (or 小计) column is printed, but headers get mangled
   and rows get short, so both column sets are read and the one the identities contradict less
   is kept — a table-wide choice made from the whole table, never from one row.
3. Cells: every row's readings (``readings.py``) are pruned by B-03 in the row and B-01/B-02 in
   the columns (``consistency.py``); a cell is emitted only where every surviving reading agrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from extract.consistency import Equation, Values, agreed, choose
from extract.identities import B03, Identity, equations, identities, printed_other, vector_check
from extract.labels import (
    REQUEST_ROW_ORDER,
    match_request_row,
    request_rows_for,
    request_rows_in,
)
from extract.locate import Regions
from extract.model import Cell, Number
from extract.readings import (
    ALIGNED,
    PLACED,
    PRINTED,
    Reading,
    least_certain,
    printed_keys,
    row_readings,
    token_valid,
    values,
)
from extract.segments import Segment, segments
from extract.tables.common import TableResult, slot_cell, token_cell, trim_blank_ends, unsigned
from extract.tokens import Token
from extract.values import cell_value
from extract.vocabulary import APPLICANT_COLUMNS

TABLE = "requests"
#: the 法人或其他组织 小计 column a few reports add; read past, never emitted
SUBTOTAL = "_subtotal"


@dataclass(slots=True)
class _Row:
    key: str
    seg: Segment
    aligned: bool = False
    #: numbers no row took stand next to this row: a short print may have lost cells to them
    beside_orphans: bool = False


@dataclass(slots=True)
class _Reading:
    """The table read under one column set."""

    cols: tuple[str, ...]
    cells: list[Cell] = field(default_factory=list)
    result: TableResult = field(default_factory=TableResult)
    penalty: int = 0
    unread: list[_Row] = field(default_factory=list)
    #: rows printed exactly as wide as these columns: the layout's own vote
    exact: int = 0


def header_columns(
    toks: list[Token], header: tuple[int, int] | None
) -> tuple[tuple[str, ...], bool]:
    """Applicant columns and 总计 as the header prints them, and whether a header was printed
    at all (without one, the rows alone decide)."""
    full = (*APPLICANT_COLUMNS, "total")
    if header is None:
        return full, False
    text = "".join(t.norm for t in toks[header[0] : header[1]] if t.kind == "text")
    cut = min((i for i in (text.find("本年新收"), text.find("新收")) if i >= 0), default=-1)
    text = text[:cut] if cut >= 0 else text
    starts = [text.find(p) for p in ("勾稽关系", "申请人情况", "收到和处理政府信息公开申请")]
    head = text[min((s for s in starts if s >= 0), default=0) :]
    if not any(w in head for w in ("自然人", "总计", "合计", "小计", "商业企业")):
        return full, False
    # a 小计 (or 合计 beside 总计) of the five 法人或其他组织 columns: read past it
    subtotal = "小计" in head or ("合计" in head and "总计" in head)
    org = (*APPLICANT_COLUMNS, SUBTOTAL) if subtotal else APPLICANT_COLUMNS
    return ((*org, "total") if "总计" in head or "合计" in head else org), True


def _lis(keys: list[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence (anchors in template order)."""
    best: list[list[int]] = []
    for i, k in enumerate(keys):
        chain = max((c for c in best if keys[c[-1]] < k), key=len, default=[])
        best.append([*chain, i])
    return set(max(best, key=len, default=[]))


def assign_rows(
    items: list[tuple[Segment, frozenset[str] | None]], template: str, result: TableResult
) -> list[_Row]:
    """Rows whose label is certain are anchors (in template order); an unlabelled run between
    two anchors is matched only when it has exactly the rows the template prints there."""
    order = {k: i for i, k in enumerate(REQUEST_ROW_ORDER)}
    anchor_pos = [i for i, (_, c) in enumerate(items) if c is not None and len(c) == 1]
    keep = _lis([order[next(iter(items[i][1]))] for i in anchor_pos])  # type: ignore[arg-type]
    anchors = [anchor_pos[j] for j in sorted(keep)]
    assigned = {i: _Row(next(iter(items[i][1])), items[i][0]) for i in anchors}  # type: ignore[arg-type]
    printed = request_rows_for(template)
    bounds = [-1, *anchors, len(items)]
    for a, b in pairwise(bounds):
        gap = list(range(a + 1, b))
        if not gap:
            continue
        lo_key = order[assigned[a].key] if a >= 0 else -1
        hi_key = order[assigned[b].key] if b < len(items) else len(REQUEST_ROW_ORDER)
        rows = [r for r in printed if lo_key < order[r] < hi_key]
        consistent = len(rows) == len(gap) and all(
            items[i][1] is None or r in items[i][1]  # type: ignore[operator]
            for i, r in zip(gap, rows, strict=True)
        )
        if consistent:
            for i, r in zip(gap, rows, strict=True):
                assigned[i] = _Row(r, items[i][0], aligned=items[i][1] is None)
        elif any(items[i][0].has_value for i in gap):
            where = items[gap[0]][0].cells[0].where if items[gap[0]][0].cells else "?"
            result.note(
                "rows_unmatched",
                f"requests: {len(gap)} row(s) near {where} could not be matched to a label; left out",
            )
    rows = [assigned[i] for i in sorted(assigned)]
    for i in sorted(assigned):
        for j in (i - 1, i + 1):
            if 0 <= j < len(items) and j not in assigned and items[j][0].has_value:
                assigned[i].beside_orphans = True
    return rows


_OTHER_2021 = frozenset({"other_no_correction", "other_fee_unpaid", "other_other"})


def detached(items: list[tuple[Segment, frozenset[str] | None]], template: str) -> bool:
    """Labels printed apart from their numbers (PDF→markdown converters): number rows with no
    label of their own, and label blocks naming several rows. Then a label's place says
    nothing about which numbers are its own."""
    rowset = set(request_rows_for(template))
    unlabelled = any(seg.has_value and cands is None for seg, cands in items)
    crowded = any(
        sum(1 for k in request_rows_in(seg.context) if k & rowset) >= 2 for seg, _ in items
    )
    return unlabelled and crowded


def align_by_order(
    items: list[tuple[Segment, frozenset[str] | None]], template: str, result: TableResult
) -> list[_Row]:
    """Number rows matched to the template's rows by order alone: proved only when the table
    prints exactly as many number rows as the template has rows (both in template order)."""
    named = {next(iter(k)) for seg, _ in items for k in request_rows_in(seg.context) if len(k) == 1}
    if named & _OTHER_2021:
        rowset = request_rows_for("2021")
    elif "other" in named:
        rowset = request_rows_for("2019")  # a 2021 report printing the single （六） row too
    else:
        rowset = request_rows_for(template)
    numbered = [seg for seg, _ in items if seg.has_value]
    if len(numbered) != len(rowset):
        result.note(
            "rows_unaligned",
            f"requests: labels printed apart from their numbers, and {len(numbered)} number rows "
            f"for the template's {len(rowset)} rows; which numbers are whose cannot be proved, "
            "rows left out",
        )
        return []
    result.note(
        "rows_aligned",
        f"requests: labels printed apart from their numbers; the {len(numbered)} number rows "
        "matched to the template's rows by order",
    )
    return [_Row(key, seg, aligned=True) for key, seg in zip(rowset, numbered, strict=True)]


#: B-03 with a 小计 column: 小计 = the five 法人或其他组织 columns (not a statutory cell, so not
#: an identity of the template; the reader only uses it to choose a reading)
_SUBTOTAL_OF = Identity("B-03", TABLE, "per_row", (SUBTOTAL,), APPLICANT_COLUMNS[1:])


@lru_cache(maxsize=16)
def _row_check(cols: tuple[str, ...]):
    """The identities inside one row: B-03 (and the 小计 when printed)."""
    if "total" not in cols:
        return None
    idents = (B03, _SUBTOTAL_OF) if SUBTOTAL in cols else (B03,)
    return vector_check(idents, tuple(("row", c) for c in cols))


@lru_cache(maxsize=256)
def _column_equations(
    rows: tuple[str, ...], cols: tuple[str, ...], template: str
) -> list[Equation]:
    """B-01 and B-02 in every printed column, as the identities declare them."""
    out: list[Equation] = []
    for ident in identities(template, printed_other(rows)):
        if ident.table != TABLE or ident.axis != "per_column":
            continue
        for col, left, right in equations(ident, rows, cols):
            j = cols.index(col)
            terms = tuple((k[1], j, 1) for k in left) + tuple((k[1], j, -1) for k in right)
            out.append(Equation(ident.rule, col, terms))
    return tuple(out)


def read_with_columns(
    rows: list[_Row], cols: tuple[str, ...], template: str, blanks_may_drop: bool
) -> _Reading:
    """The whole table read under one column set: readings, pruning, agreed cells."""
    out = _Reading(cols)
    n = len(cols)
    check = _row_check(cols)
    domains: dict[str, list[Reading]] = {}
    value_domains: dict[str, list[Values]] = {}
    as_printed: dict[str, list[Token]] = {}  # rows as wide as their columns: one reading
    for row in rows:
        printed = trim_blank_ends(unsigned(row.seg.cells), n)
        out.exact += len(printed) == n
        if len(printed) == n and all(token_valid(t.kind, t.text) for t in printed):
            vals = tuple(cell_value(t.text)[0] if t.kind == "value" else None for t in printed)
            if check is not None and not check(vals):
                out.penalty += 1  # the row's own sum fails: a publisher's slip, kept as printed
            as_printed[row.key] = printed
            value_domains[row.key] = [vals]
            continue
        if len(printed) < n and row.beside_orphans:
            out.unread.append(row)
            out.result.note(
                "row_left_out",
                f"requests {row.key}: {len(printed)} cells printed for {n} columns next to numbers "
                "no row took; its cells may be among them, row left out",
                row.key,
            )
            continue
        may_drop = blanks_may_drop
        found = row_readings(printed, n, blanks_may_drop=may_drop, check=check)
        if found == [] and check is not None:
            found = row_readings(printed, n, blanks_may_drop=may_drop)
            if found:
                out.penalty += 1  # the row's own sum fails every reading: a slip, kept as printed
        if not found:
            if len(printed) > n and check is not None:
                first = row_readings(printed[:n], n, blanks_may_drop=False, check=check) or []
                if first:
                    out.result.note(
                        "row_truncated",
                        f"requests {row.key}: {len(printed)} cells printed for {n} columns; "
                        f"read the first {n}",
                        row.key,
                    )
                    domains[row.key] = first
                    value_domains[row.key] = [values(first[0])]
                    continue
            out.penalty += 1
            out.unread.append(row)
            what = (
                "too many readings"
                if found is None
                else f"{len(printed)} cells printed for {n} columns"
            )
            out.result.note("row_left_out", f"requests {row.key}: {what}; row left out", row.key)
            continue
        domains[row.key] = found
        value_domains[row.key] = [values(r) for r in found]
    eqs = _column_equations(tuple(r.key for r in rows), cols, template)
    chosen = choose(value_domains, eqs)
    out.penalty += len(chosen.failing) + 2 * len(chosen.dropped)
    by_key = {r.key: r for r in rows}
    for key, kept in chosen.kept.items():
        row = by_key[key]
        if key in as_printed:
            how = ALIGNED if row.aligned else PRINTED
            out.cells += [
                token_cell(TABLE, key, col, tok, how)
                for col, tok in zip(cols, as_printed[key], strict=True)
                if col != SUBTOTAL
            ]
            continue
        readings = [domains[key][i] for i in kept]
        agree = agreed([printed_keys(r) for r in readings])
        for j, col in enumerate(cols):
            if col == SUBTOTAL or not agree[j]:
                continue
            slot = least_certain([r[j] for r in readings])
            how = ALIGNED if row.aligned and slot.how == PRINTED else slot.how
            out.cells.append(slot_cell(TABLE, key, col, slot, how))
        if not all(agree[j] for j, c in enumerate(cols) if c != SUBTOTAL):
            left = [c for j, c in enumerate(cols) if not agree[j] and c != SUBTOTAL]
            out.result.note(
                "cells_ambiguous",
                f"requests {key}: {len(readings)} readings of the printed cells fit the "
                f"template's sums; {len(left)} cell(s) they disagree on left out ({', '.join(left)})",
                key,
            )
        elif len(domains[key]) > 1:
            kinds = {s.how for r in readings for s in r} - {PRINTED}
            out.result.note(
                "cells_decided",
                f"requests {key}: cells printed without separators or with blanks dropped; "
                f"{'/'.join(sorted(kinds)) or 'read'} by the template's sums (B-01/B-02/B-03)",
                key,
            )
    for eq in chosen.dropped:
        out.result.note(
            "identity_unsatisfiable",
            f"requests: {eq.rule} in column {eq.location} holds for no reading of its rows "
            "(a publisher's slip?); not used to choose",
        )
    return out


def _column_sets(header: tuple[str, ...], stated: bool, rows: list[_Row]) -> list[tuple[str, ...]]:
    """The header's column set first, then the alternatives a mangled header may hide. A header
    that every row agrees with (each prints exactly its cells) is the layout: nothing else is
    tried, even where the publisher's sums fail."""
    with_total = (*APPLICANT_COLUMNS, "total")
    if SUBTOTAL in header:
        return [header]
    if stated and rows and all(len(r.seg.cells) == len(header) for r in rows):
        return [header]
    alt = APPLICANT_COLUMNS if "total" in header else with_total
    return [header, alt]


def map_requests(toks: list[Token], regions: Regions, template: str) -> TableResult:
    """The cells of 三 with notes; the column set the identities contradict least wins."""
    assert regions.requests is not None
    result = TableResult()
    items: list[tuple[Segment, frozenset[str] | None]] = []
    for seg in segments(toks, *regions.requests):
        cands = match_request_row(seg.context) if seg.context else None
        if cands is None and not seg.has_value:
            continue
        items.append((seg, cands))
    if detached(items, template):
        rows = align_by_order(items, template, result)
    else:
        rows = assign_rows(items, template, result)
    header, stated = header_columns(toks, regions.requests_header)
    blanks_may_drop = not any(t.kind == "blank" for r in rows for t in r.seg.cells)
    sets = _column_sets(header, stated, rows)
    tried = [read_with_columns(rows, sets[0], template, blanks_may_drop)]
    if tried[0].penalty or not stated:  # the header's columns contradict the sums, or it has none
        tried += [read_with_columns(rows, cols, template, blanks_may_drop) for cols in sets[1:]]
    # fewest contradictions; then the column set more rows print exactly (a header that names no
    # column leaves the layout to say); then the header's own (min keeps the first on a tie)
    best = min(tried, key=lambda r: (r.penalty, 0 if stated else -r.exact))
    if best.cols != header:
        has = "with" if "total" in best.cols else "without"
        result.note(
            "columns_from_rows",
            f"requests: rows read {has} a 总计 column fit the template's sums better than the "
            f"header says ({best.penalty} failures against {tried[0].penalty}); read {has} a 总计 column",
        )
    result.cells += best.cells
    result.notes += best.result.notes
    result.cells += _zero_columns(best, template, result, rows)
    return result


def _zero_columns(
    read: _Reading, template: str, result: TableResult, rows: list[_Row]
) -> list[Cell]:
    """Outcome rows printed short (an export cut the row) whose every column total is 0.

    Counts are never negative, so when 三（七）总计 prints 0 in every column each outcome row
    (B-02) is 0 in every column: the printed zeros plus the cut-off ones. Anything else stays out.
    """
    cols = tuple(c for c in read.cols if c != SUBTOTAL)
    totals = [c.value for c in read.cells if c.row == "result_total"]
    if len(totals) != len(cols) or any(v != 0 for v in totals):
        return []
    printed_rows = request_rows_for(template)
    outcome = set(printed_rows[printed_rows.index("granted") : printed_rows.index("result_total")])
    outcome |= {"other"}
    widest = max((t.width for r in rows for t in r.seg.cells), default=0)
    done = {c.row for c in read.cells}
    out: list[Cell] = []
    for row in read.unread:
        seg = row.seg
        printed = [t for t in seg.cells if t.kind == "value"]
        if row.key not in outcome or row.key in done or not printed or len(printed) >= len(cols):
            continue
        # only a full-width table row whose extra label cells pushed numbers off the edge
        if len({t.width for t in seg.cells}) != 1 or seg.cells[0].width < max(widest, 2):
            continue
        if any(cell_value(t.text)[0] != 0 for t in printed):
            continue
        where = printed[0].where
        # the printed zeros as printed; the cut-off cells are placed by B-02 (0, nothing printed)
        cut = len(cols) - len(printed)
        out += [
            token_cell(TABLE, row.key, c, t)
            for c, t in zip(cols[: len(printed)], printed, strict=True)
        ]
        out += [Cell(TABLE, row.key, c, 0, "", where, PLACED) for c in cols[len(cols) - cut :]]
        result.notes = [n for n in result.notes if row.key not in n.rows]
        result.note(
            "zeros_by_total",
            f"requests {row.key}: {len(printed)} of {len(cols)} cells printed at {where}; "
            "all read as 0 because every column total (三（七）总计) is 0",
            row.key,
        )
    return out


__all__ = ["SUBTOTAL", "Number", "header_columns", "map_requests"]
