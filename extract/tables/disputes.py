"""四、政府信息公开行政复议、行政诉讼情况: 15 cells, checked by C-01 in each of its three rows.

The cells are the values after the table's last header text, up to the next prose. A run printed
short (digits run together, blanks dropped) is read through its readings: C-01 prunes them, and a
cell is emitted only where every reading left agrees.
"""

from __future__ import annotations

from extract.consistency import agreed
from extract.identities import C01, vector_check
from extract.readings import least_certain, printed_keys, row_readings, values
from extract.tables.common import TableResult, slot_cell, trim_blank_ends, unsigned
from extract.tokens import Token
from extract.vocabulary import DISPUTE_COLUMNS, DISPUTE_ROWS

TABLE = "disputes"
KEYS = tuple((r, c) for r in DISPUTE_ROWS for c in DISPUTE_COLUMNS)
_OUTCOME_LABELS = ("维持", "纠正", "其他", "审结", "总计")


def _is_prose(t: Token) -> bool:
    return t.kind == "text" and (len(t.norm) > 40 or "。" in t.norm)


#: C-01 in each of the three rows, over the 15 cells in printed order
c01_holds = vector_check((C01,), KEYS)


def transposed(toks: list[Token], lo: int, hi: int) -> list[Token] | None:
    """四 printed turned (rows 结果维持…总计, columns 复议/直接起诉/复议后起诉): the 15 cells in
    the usual order, or ``None`` when the table is not printed that way."""
    groups: list[tuple[str, list[Token]]] = []
    label, grouping = "", False
    for t in toks[lo:hi]:
        if t.kind == "text":
            if _is_prose(t):
                break
            label, grouping = t.norm, False
        elif t.kind in ("value", "blank"):
            if not grouping:
                groups.append((label, []))
                grouping = True
            groups[-1][1].append(t)
    printed = [(lab, cells) for lab, cells in groups if any(x.kind == "value" for x in cells)]
    if len(printed) != 5 or any(len(cells) != 3 for _, cells in printed):
        return None
    if not all(word in lab for word, (lab, _) in zip(_OUTCOME_LABELS, printed, strict=True)):
        return None
    return [printed[o][1][r] for r in range(3) for o in range(5)]


def _run(toks: list[Token], lo: int, hi: int) -> list[Token]:
    first_value = next((i for i in range(lo, hi) if toks[i].kind == "value"), None)
    if first_value is None:
        return []
    last_text = max((i for i in range(lo, first_value) if toks[i].kind == "text"), default=lo)
    run: list[Token] = []
    for t in toks[last_text + 1 : hi]:
        if _is_prose(t):
            break
        if t.kind in ("value", "blank"):
            run.append(t)
    return run


def map_disputes(toks: list[Token], span: tuple[int, int]) -> TableResult:
    """The 15 cells of 四, each one proved by the print or by C-01."""
    result = TableResult()
    run = _run(toks, *span)
    if not run:
        return result
    turned = transposed(toks, *span)
    if turned is not None:
        result.note("transposed", "disputes: printed with outcomes as rows; read column by column")
        run = turned
    run = trim_blank_ends(unsigned(run), 15)
    if len(run) > 15:
        first = row_readings(run[:15], 15, blanks_may_drop=False, check=c01_holds) or []
        if first:
            result.note(
                "run_truncated",
                f"disputes: {len(run)} cells follow the header; read the first 15 (C-01 holds)",
            )
            found = first
        else:
            result.note("row_left_out", f"disputes: {len(run)} cells printed for 15; left out")
            return result
    else:
        found = row_readings(run, 15, blanks_may_drop=not any(t.kind == "blank" for t in run)) or []
        if run and run[0].kind == "blank":
            # an empty first cell may be the row's stub (the label column of a table whose
            # header names no column): read it both ways and let C-01 choose
            stubless = run[1:]
            found += row_readings(stubless, 15, blanks_may_drop=False) or []
    if not found:
        result.note("row_left_out", f"disputes: {len(run)} cells printed for 15; left out")
        return result
    fits = [r for r in found if c01_holds(values(r))]
    if fits:
        found = fits
    elif len(found) > 1:
        result.note(
            "identity_unsatisfiable",
            "disputes: no reading of the cells satisfies C-01; only what the print alone proves is read",
        )
    agree = agreed([printed_keys(r) for r in found])
    slots = found[0]
    result.cells += [
        slot_cell(TABLE, r, c, least_certain([f[j] for f in found]))
        for j, (r, c) in enumerate(KEYS)
        if agree[j]
    ]
    if not all(agree):
        result.note(
            "cells_ambiguous",
            f"disputes: {len(found)} readings fit C-01; {agree.count(False)} cell(s) they disagree on left out",
        )
    elif len(found) > 1 or any(s.how != "printed" for s in slots):
        result.note(
            "cells_decided",
            "disputes: cells printed without separators or with blanks dropped; read by C-01",
        )
    return result
