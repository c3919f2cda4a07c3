"""二、主动公开政府信息情况 (第二十条): rows by label, each row's cells by its version's columns.

The table has no identity inside a report (Y-02 is across years), so a reading is taken only
when the print leaves one: a row printed as wide as its columns, or digits run together that can
be cut only one way (``000`` for three columns). A row printed short is left out with a note:
nothing says which of its cells were blank.
"""

from __future__ import annotations

import dataclasses
import re
from itertools import pairwise

from extract.consistency import agreed
from extract.labels import (
    PROACTIVE_COLUMNS,
    is_proactive_label,
    match_proactive_row,
    proactive_rows_in,
    proactive_version,
)
from extract.model import Cell
from extract.readings import ALIGNED, PRINTED, printed_keys, row_readings
from extract.segments import Segment, segments
from extract.tables.common import Note, TableResult, slot_cell, token_cell, trim_blank_ends
from extract.tokens import Token

TABLE = "proactive"
_MAX_BARE_LABEL = 16  # 其他对外管理服务事项（件）: longer text is prose, not a row label


def _first_and_last(printed: list[Token], n: int) -> bool:
    """A markdown/HTML table row (label + 2 cells) under a 3-column header: converters drop the
    empty middle cell (本年废止, 本年增/减 — the column publishers leave blank), never an end."""
    return (
        n == 3
        and len(printed) == 2
        and all(t.kind == "value" and not t.glued and t.width == 3 for t in printed)
    )


#: a header that names no column (数据1 数据2 …, 项目): it says nothing about which cell is which
_GENERIC_HEADER = re.compile(r"数据\d|项目|列\d|栏\d")


def read_row(
    row: str,
    cells: list[Token],
    cols: tuple[str, ...],
    blanks_may_drop: bool,
    context: str = "",
) -> tuple[list[Cell], list[Note], bool]:
    """The cells of one row every reading agrees on, its notes, and whether it was exact."""
    n = len(cols)
    printed = trim_blank_ends(cells, n)
    if _first_and_last(printed, n) and not _GENERIC_HEADER.search(context[-40:]):
        note = Note(
            "first_and_last",
            f"proactive {row}: a table row of 2 cells under {n} columns (a converter dropped the "
            "empty middle cell); read the first and last, the middle left out",
            (row,),
        )
        return (
            [
                token_cell(TABLE, row, cols[0], printed[0]),
                token_cell(TABLE, row, cols[-1], printed[1]),
            ],
            [note],
            False,
        )
    if any(t.glued and len(t.text) > 1 for t in printed):
        # "105-22,163": numbers glued to marks; where one cell ends is a guess and no sum checks it
        text = "".join(t.text for t in printed)
        note = f"proactive {row}: cells printed without separators ({text}) and no sum to check a reading; cells left out"
        return [], [Note("cells_ambiguous", note, (row,))], False
    found = row_readings(printed, n, blanks_may_drop=blanks_may_drop) or []
    if not found:
        what = f"{len(printed)} cells printed for {n} columns"
        return [], [Note("row_left_out", f"proactive {row}: {what}; row left out", (row,))], False
    agree = agreed([printed_keys(r) for r in found])
    out = [slot_cell(TABLE, row, c, found[0][j]) for j, c in enumerate(cols) if agree[j]]
    notes: list[Note] = []
    if not all(agree):
        left = [c for j, c in enumerate(cols) if not agree[j]]
        notes.append(
            Note(
                "cells_ambiguous",
                f"proactive {row}: cells printed without separators or blanks "
                f"({' '.join(t.text or '□' for t in printed)}) allow several readings and no sum "
                "checks them; "
                f"{', '.join(left)} left out",
                (row,),
            )
        )
    return out, notes, len(found) == 1 and len(printed) == n


def map_proactive(toks: list[Token], span: tuple[int, int], template: str) -> TableResult:
    """Rows of 二 by label; a row printed twice (prose quoting it, a repeated header) keeps the
    printing that fits its columns best, the earlier one on a tie."""
    best: dict[str, tuple[tuple[int, int], list[Cell], list[Note]]] = {}
    header = ""
    segs = segments(toks, *span)
    # no identity checks a row of 二, so a short row's reading is never chosen, only agreed on:
    # every place a blank may have been dropped is one more reading, never a guess
    blanks_may_drop = True
    if detached(segs, _label_blocks(toks, span)):
        return align_by_order(segs, template, blanks_may_drop)
    for seg in segs:
        header += seg.context
        row = match_proactive_row(seg.context)
        if row is None:
            continue
        version = proactive_version(row, header, template)
        cols = PROACTIVE_COLUMNS[version].get(row)
        if cols is None:
            continue
        if not seg.has_value and len(seg.cells) < len(cols) and len(cols) > 1:
            continue
        cells, notes, exact = read_row(row, seg.cells, cols, blanks_may_drop, seg.context)
        if not cells and notes:
            if row not in best:
                best[row] = ((9, 9), [], notes)
            continue
        quality = (int(not is_proactive_label(seg.context)), 0 if exact else 1 + len(notes))
        if row in best and best[row][0] <= quality:
            continue
        best[row] = (quality, cells, notes)
    paired = not any(s.has_value and not proactive_rows_in(s.context) for s in segs)
    for row, where, version in _labels_without_cells(toks, span, template) if paired else ():
        cols = PROACTIVE_COLUMNS[version].get(row)
        if cols is None or (row in best and best[row][1]):
            continue
        cells = [Cell(TABLE, row, c, None, "", where) for c in cols]
        note = Note(
            "label_without_cells",
            f"proactive {row}: label printed with no cell; read as blank",
            (row,),
        )
        best[row] = ((9, 9), cells, [note])
    result = TableResult()
    for _, cells, notes in best.values():
        result.cells += cells
        result.notes += notes
    return result


#: the rows of 二 each version prints, in order
ROWS = {version: tuple(cols) for version, cols in PROACTIVE_COLUMNS.items()}


def _label_blocks(toks: list[Token], span: tuple[int, int]) -> list[str]:
    """The label text printed between runs of cells, the block after the last run included."""
    blocks, cur = [], ""
    for t in toks[span[0] : span[1]]:
        if t.kind == "text":
            cur += t.norm
        elif t.kind in ("value", "blank") and cur:
            blocks.append(cur)
            cur = ""
    return [*blocks, cur] if cur else blocks


def detached(segs: list[Segment], blocks: list[str]) -> bool:
    """Labels printed apart from their numbers (PDF→markdown converters): number rows with no
    label of their own, and a block of labels naming several rows. Then no label's place says
    which numbers are its own, nor that a label with nothing after it is a blank row."""
    unlabelled = any(s.has_value and not proactive_rows_in(s.context) for s in segs)
    return unlabelled and any(len(proactive_rows_in(b)) >= 2 for b in blocks)


def align_by_order(segs: list[Segment], template: str, blanks_may_drop: bool) -> TableResult:
    """Number rows matched to the template's rows by order: proved only when there are exactly
    as many number rows as the template has rows; otherwise nothing is read."""
    result = TableResult()
    rows = ROWS[template]
    numbered = [s for s in segs if s.has_value]
    if len(numbered) != len(rows):
        result.note(
            "rows_unaligned",
            f"proactive: labels printed apart from their numbers, and {len(numbered)} number "
            f"rows for the template's {len(rows)} rows; rows left out",
        )
        return result
    result.note(
        "rows_aligned",
        f"proactive: labels printed apart from their numbers; the {len(rows)} number rows "
        "matched to the template's rows by order",
    )
    for row, seg in zip(rows, numbered, strict=True):
        cols = PROACTIVE_COLUMNS[template][row]
        cells, notes, _ = read_row(row, seg.cells, cols, blanks_may_drop, "数据")
        result.cells += [
            dataclasses.replace(c, how=ALIGNED) if c.how == PRINTED else c for c in cells
        ]
        result.notes += notes
    return result


def _is_bare_label(norm: str) -> bool:
    return (
        len(norm) <= _MAX_BARE_LABEL
        and is_proactive_label(norm)
        and match_proactive_row(norm) is not None
    )


def _labels_without_cells(toks: list[Token], span: tuple[int, int], template: str):
    """Rows of 二 printed as a bare label followed directly by the next sub-table's 第二十条 title
    or the next row's label: an unruled table's empty cell leaves no trace but that."""
    texts = [t for t in toks[span[0] : span[1]] if t.kind != "break"]
    header = ""
    for t, nxt in pairwise(texts):
        if t.kind != "text":
            continue
        header += t.norm
        if nxt.kind != "text" or not _is_bare_label(t.norm):
            continue
        if "第二十条" in nxt.norm or _is_bare_label(nxt.norm):
            row = match_proactive_row(t.norm)
            assert row is not None
            yield row, t.where, proactive_version(row, header, template)
