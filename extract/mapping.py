"""Token stream → statutory cells (表格映射), checked against the template's own sums.

Each table is read as *segments*: a run of cell values/blanks and the label text printed before
it. A segment's row comes from its label (labels.py); its cell count must equal the columns the
headers print (a report without 总计 has six). When the layout leaves doubt the template's sums
decide — run-together digits are split only when exactly one reading satisfies the row sums —
and what cannot be decided is left out with a note, never guessed.

Requests rows may be displaced from their labels (PDF→markdown converters). The template's fixed
row order resolves that: rows with a certain label are anchors, and an unlabelled run of rows
between two anchors is placed only when its count equals the rows the template prints there.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise, product

from extract.fitting import (
    Check,
    Segment,
    disputes_check,
    fit,
    row_total_check,
    segments,
    split_runs,
)
from extract.labels import (
    PROACTIVE_COLUMNS,
    REQUEST_ROW_ORDER,
    is_proactive_label,
    match_proactive_row,
    match_request_row,
    normalize_label,
    proactive_version,
    request_rows_for,
    template_votes,
)
from extract.locate import Regions, locate
from extract.model import Cell, Number
from extract.tokens import Token
from extract.values import cell_value
from extract.vocabulary import APPLICANT_COLUMNS, DISPUTE_COLUMNS, DISPUTE_ROWS


@dataclass(slots=True)
class Mapped:
    """What the mapper read: cells, the template version it decided, and notes for a human."""

    cells: list[Cell]
    template: str | None
    tables: set[str]
    notes: list[str]


def _cell(table: str, row: str, col: str, tok: Token) -> Cell:
    value, text = cell_value(tok.text) if tok.kind == "value" else (None, "")
    return Cell(table, row, col, value, text, tok.where)


# --- the three tables --------------------------------------------------------------------


def decide_template(text: str, year: int | None) -> str | None:
    """2019 or 2021 from the table labels; the report year only breaks a tie."""
    v2019, v2021 = template_votes(normalize_label(text))
    if v2019 > v2021:
        return "2019"
    if v2021 > v2019:
        return "2021"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None


def map_proactive(toks: list[Token], span: tuple[int, int], template: str, notes: list[str]):
    """Rows of 二 by label; a row printed twice (prose quoting it, a repeated header) keeps the
    printing that fits its columns best, the earlier one on a tie."""
    best: dict[str, tuple[tuple[int, int], list[Cell], list[str]]] = {}
    header = ""
    for seg in segments(toks, *span):
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
        row_notes: list[str] = []
        got = fit(seg.cells, len(cols), None, f"proactive {row}", row_notes)
        if got is None:
            notes.extend(row_notes)
            continue
        exact = 0 if len(seg.cells) == len(cols) else 1 if not row_notes else 2
        quality = (int(not is_proactive_label(seg.context)), exact)
        if row in best and best[row][0] <= quality:
            continue
        cells = [_cell("proactive", row, c, t) for c, t in zip(cols, got, strict=True) if t]
        best[row] = (quality, cells, row_notes)
    for row, where, version in _labels_without_cells(toks, span, template):
        cols = PROACTIVE_COLUMNS[version].get(row)
        if row in best or cols is None:
            continue
        cells = [Cell("proactive", row, c, None, "", where) for c in cols]
        best[row] = ((9, 9), cells, [f"proactive {row}: label printed with no cell; read as blank"])
    out: list[Cell] = []
    for _, cells, row_notes in best.values():
        out += cells
        notes.extend(row_notes)
    return out


_MAX_BARE_LABEL = 16  # 其他对外管理服务事项（件）: longer text is prose, not a row label


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


def _request_columns(toks: list[Token], header: tuple[int, int] | None) -> tuple[str, ...]:
    """Applicant columns and 总计 when the header prints it (sample 004 has no 总计 column)."""
    if header is None:
        return (*APPLICANT_COLUMNS, "total")
    text = "".join(t.norm for t in toks[header[0] : header[1]] if t.kind == "text")
    cut = min((i for i in (text.find("本年新收"), text.find("新收")) if i >= 0), default=-1)
    text = text[:cut] if cut >= 0 else text
    starts = [text.find(p) for p in ("勾稽关系", "申请人情况", "收到和处理政府信息公开申请")]
    start = min((s for s in starts if s >= 0), default=0)
    header = text[start:]
    if not any(w in header for w in ("自然人", "总计", "合计", "小计", "商业企业")):
        return (*APPLICANT_COLUMNS, "total")  # no header printed: the rows decide (_agree_columns)
    # some publishers add a 小计 (or 合计 beside 总计) of the five 法人或其他组织 columns: read
    # past it, never emit it; a 合计 alone is the 总计 column under another name
    subtotal = "小计" in header or ("合计" in header and "总计" in header)
    org = (*APPLICANT_COLUMNS, SUBTOTAL) if subtotal else APPLICANT_COLUMNS
    return (*org, "total") if "总计" in header or "合计" in header else org


#: the 法人或其他组织 小计 column a few reports add; not a statutory cell
SUBTOTAL = "_subtotal"


def _subtotal_check(values: list[Number | None]) -> bool:
    """B-03 with a 小计 column: 小计 = the five organisations, 总计 = 自然人 + 小计."""
    v = [0 if x is None else x for x in values]
    return sum(v[1:6]) == v[6] and (len(v) < 8 or v[0] + v[6] == v[7])


def _agree_columns(
    cols: tuple[str, ...], items: list[tuple[Segment, frozenset[str] | None]], notes: list[str]
) -> tuple[str, ...]:
    """Trust the rows over a mangled header: most labelled rows printing 7 cells that add up
    (B-03) mean a 总计 column; most printing exactly 6 mean none."""
    sizes = [  # rows printing only numbers: blanks would blur the count
        seg.cells
        for seg, c in items
        if c is not None and len(c) == 1 and all(t.kind == "value" for t in seg.cells)
    ]
    six = sum(1 for v in sizes if len(v) == 6)
    seven = [v for v in sizes if len(v) == 7]
    adds_up = sum(1 for v in seven if row_total_check([cell_value(t.text)[0] for t in v]))
    with_total = (*APPLICANT_COLUMNS, "total")
    if "total" in cols and six >= 3 and six > len(seven):
        notes.append("requests: rows print 6 cells, not the 7 of a 总计 column; read without 总计")
        return APPLICANT_COLUMNS
    if "total" not in cols and len(seven) >= 3 and len(seven) > six and adds_up * 2 >= len(seven):
        notes.append("requests: rows print 7 cells that add up; read with a 总计 column")
        return with_total
    return cols


def _lis(keys: list[int]) -> set[int]:
    """Positions of a longest strictly increasing subsequence (anchors in template order)."""
    best: list[list[int]] = []
    for i, k in enumerate(keys):
        chain = max((c for c in best if keys[c[-1]] < k), key=len, default=[])
        best.append([*chain, i])
    return set(max(best, key=len, default=[]))


def map_requests(
    toks: list[Token], regions: Regions, template: str, notes: list[str]
) -> list[Cell]:
    assert regions.requests is not None
    items: list[tuple[Segment, frozenset[str] | None]] = []
    for seg in segments(toks, *regions.requests):
        cands = match_request_row(seg.context) if seg.context else None
        if cands is None and not seg.has_value:
            continue
        items.append((seg, cands))
    cols = _request_columns(toks, regions.requests_header)
    if SUBTOTAL in cols:
        check: Check | None = _subtotal_check
    else:
        cols = _agree_columns(cols, items, notes)
        check = row_total_check if "total" in cols else None
    order = {k: i for i, k in enumerate(REQUEST_ROW_ORDER)}
    anchor_pos = [i for i, (_, c) in enumerate(items) if c is not None and len(c) == 1]
    keep = _lis([order[next(iter(items[i][1]))] for i in anchor_pos])  # type: ignore[arg-type]
    anchors = [anchor_pos[j] for j in sorted(keep)]
    assigned: dict[int, str] = {i: next(iter(items[i][1])) for i in anchors}  # type: ignore[arg-type]
    printed = request_rows_for(template)
    bounds = [-1, *anchors, len(items)]
    for a, b in pairwise(bounds):
        gap = list(range(a + 1, b))
        if not gap:
            continue
        lo_key = order[assigned[a]] if a >= 0 else -1
        hi_key = order[assigned[b]] if b < len(items) else len(REQUEST_ROW_ORDER)
        rows = [r for r in printed if lo_key < order[r] < hi_key]
        consistent = len(rows) == len(gap) and all(
            items[i][1] is None or r in items[i][1]  # type: ignore[operator]
            for i, r in zip(gap, rows, strict=True)
        )
        if consistent:
            assigned.update(zip(gap, rows, strict=True))
        elif any(items[i][0].has_value for i in gap):
            where = items[gap[0]][0].cells[0].where if items[gap[0]][0].cells else "?"
            notes.append(
                f"requests: {len(gap)} row(s) near {where} could not be matched to a label; left out"
            )
    cells: list[Cell] = []
    short: list[tuple[Segment, str]] = []
    for i, row in sorted(assigned.items()):
        got = fit(unsigned(items[i][0].cells), len(cols), check, f"requests {row}", notes)
        if got is None:
            short.append((items[i][0], row))
            continue
        cells += [
            _cell("requests", row, c, t)
            for c, t in zip(cols, got, strict=True)
            if t and c != SUBTOTAL
        ]
    cells += _resolve_by_columns(short, cells, cols, check, template, notes)
    done = {c.row for c in cells}
    short = [(seg, row) for seg, row in short if row not in done]
    widest = max((t.width for seg, _ in items for t in seg.cells), default=0)
    return cells + _zero_columns(short, cells, cols, template, notes, max(widest, 2))


_MAX_COMBINATIONS = 4096


def _resolve_by_columns(
    short: list[tuple[Segment, str]],
    cells: list[Cell],
    cols: tuple[str, ...],
    check: Check | None,
    template: str,
    notes: list[str],
) -> list[Cell]:
    """Rows whose run-together digits the row sum cannot split, split by the column sums.

    Every combination of the rows' readings is tried against B-01 (一+二 = 三（七）+四) and B-02
    (三（七）= Σ outcome rows) in each column where all cells are known; exactly one combination
    that holds is taken, otherwise the rows stay out.
    """
    pending: list[tuple[str, list[list[Token]]]] = []
    for seg, row in short:
        printed = unsigned(seg.cells)
        runs = [t for t in printed if t.kind == "value"]
        if len(runs) != len(printed) or len(runs) >= len(cols):
            continue
        readings = split_runs(runs, len(cols), check, limit=64)
        if len(readings) > 1:
            pending.append((row, readings))
    if not pending:
        return []
    total = 1
    for _, readings in pending:
        total *= len(readings)
    if total > _MAX_COMBINATIONS:
        return []
    known: dict[str, list[Number | None]] = {}
    for c in cells:
        known.setdefault(c.row, [None] * len(cols))[cols.index(c.col)] = c.value
    rows = request_rows_for(template)
    outcome = [r for r in rows[rows.index("granted") : rows.index("result_total")]]
    if any(r == "other" for r, _ in pending) or "other" in known:
        outcome = [r for r in outcome if not r.startswith("other_")] + ["other"]
    solutions = []
    for combo in product(*(readings for _, readings in pending)):
        grid = dict(known)
        for (row, _), reading in zip(pending, combo, strict=True):
            grid[row] = [cell_value(t.text)[0] for t in reading]
        if _columns_hold(grid, outcome, len(cols)):
            solutions.append(combo)
            if len(solutions) > 1:
                break
    if len(solutions) != 1:
        return []
    out: list[Cell] = []
    for (row, _), reading in zip(pending, solutions[0], strict=True):
        out += [
            _cell("requests", row, c, t)
            for c, t in zip(cols, reading, strict=True)
            if c != SUBTOTAL
        ]
        notes[:] = [n for n in notes if not n.startswith(f"requests {row}: run-together")]
        notes.append(f"requests {row}: run-together digits split by the column sums (B-01/B-02)")
    return out


def _columns_hold(grid: dict[str, list[Number | None]], outcome: list[str], width: int) -> bool:
    """B-01 and B-02 in every column where all their cells are known; at least one checked."""
    checked = 0
    for j in range(width):

        def at(row: str, j: int = j) -> Number | None:
            values = grid.get(row)
            return None if values is None else values[j]

        parts = [at(r) for r in ("new_received", "carried_in", "result_total", "carried_out")]
        if None not in parts:
            checked += 1
            if parts[0] + parts[1] != parts[2] + parts[3]:  # type: ignore[operator]
                return False
        outs = [at(r) for r in outcome]
        if parts[2] is not None and None not in outs:
            checked += 1
            if sum(outs) != parts[2]:  # type: ignore[arg-type]
                return False
    return checked > 0


def _zero_columns(
    short: list[tuple[Segment, str]],
    cells: list[Cell],
    cols: tuple[str, ...],
    template: str,
    notes: list[str],
    max_width: int,
) -> list[Cell]:
    """Outcome rows printed short (an export cut the row) whose every column total is 0.

    Counts are never negative, so when 三（七）总计 prints 0 in every column each outcome row
    (B-02) is 0 in every column: the printed zeros plus the cut-off ones. Anything else stays out.
    """
    totals = [c.value for c in cells if c.row == "result_total"]
    if len(totals) != len(cols) or any(v != 0 for v in totals):
        return []
    rows = request_rows_for(template)
    outcome = set(rows[rows.index("granted") : rows.index("result_total")]) | {"other"}
    out: list[Cell] = []
    for seg, row in short:
        printed = [t for t in seg.cells if t.kind == "value"]
        if row not in outcome or not printed or len(printed) >= len(cols):
            continue
        # only a full-width table row whose extra label cells pushed numbers off the edge
        if len({t.width for t in seg.cells}) != 1 or seg.cells[0].width < max_width:
            continue
        if any(cell_value(t.text)[0] != 0 for t in printed):
            continue
        where = printed[0].where
        out += [Cell("requests", row, c, 0, "0", where) for c in cols]
        notes[:] = [n for n in notes if not n.startswith(f"requests {row}: ")]
        notes.append(
            f"requests {row}: {len(printed)} of {len(cols)} cells printed at {where}; "
            "all read as 0 because every column total (三（七）总计) is 0"
        )
    return out


def unsigned(cells: list[Token]) -> list[Token]:
    """Counts are never negative: a "-" before a number in 三/四 is a mark printed against it."""
    out: list[Token] = []
    for t in cells:
        if t.kind == "value" and len(t.text) > 1 and t.text[0] in "-−" and t.text[1].isdigit():
            out += [
                Token("value", "-", t.where, glued=True),
                Token("value", t.text[1:], t.where, glued=True),
            ]
        else:
            out.append(t)
    return out


def _is_prose(t: Token) -> bool:
    return t.kind == "text" and (len(t.norm) > 40 or "。" in t.norm)


_OUTCOME_LABELS = ("维持", "纠正", "其他", "审结", "总计")


def _transposed_disputes(toks: list[Token], lo: int, hi: int) -> list[Token] | None:
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


def map_disputes(toks: list[Token], span: tuple[int, int], notes: list[str]) -> list[Cell]:
    """The 15 cells of 四: the cells after the last header text, up to the next prose."""
    lo, hi = span
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
    transposed = _transposed_disputes(toks, lo, hi)
    if transposed is not None:
        notes.append("disputes: printed with outcomes as rows; read column by column")
        run = transposed
    got = fit(unsigned(run), 15, disputes_check, "disputes", notes)
    if got is None and len(run) > 15 and sum(t.kind == "value" for t in run[:15]) == 15:
        notes.append("disputes: more than 15 cells follow the header; read the first 15")
        got = run[:15]
    if got is None:
        return []
    keys = [(r, c) for r in DISPUTE_ROWS for c in DISPUTE_COLUMNS]
    return [_cell("disputes", r, c, t) for (r, c), t in zip(keys, got, strict=True) if t]


def map_document(toks: list[Token], text: str, year: int | None) -> Mapped:
    """All cells of the three tables found in ``toks``."""
    notes: list[str] = []
    regions = locate(toks)
    template = decide_template(text, year)
    tables: set[str] = set()
    cells: list[Cell] = []
    t = template or "2021"
    if regions.proactive is not None:
        got = map_proactive(toks, regions.proactive, t, notes)
        if got:
            tables.add("proactive")
        cells += got
    if regions.requests is not None:
        got = map_requests(toks, regions, t, notes)
        if got:
            tables.add("requests")
        cells += got
    if regions.disputes is not None:
        got = map_disputes(toks, regions.disputes, notes)
        if got:
            tables.add("disputes")
        cells += got
    return Mapped(cells, template, tables, notes)
