"""Tables without rules, column by column: every line of numbers gets one piece per number
column, so a blank cell stays a blank in its column instead of shifting later numbers left.
"""

from __future__ import annotations

from extract.readers.pdf.items import _Line, _mid, _Page, _Table
from extract.readers.pdf.values import _ROW_START, _is_value


def _align_pages(pages: list[_Page]) -> None:
    """Unruled tables: give every line of numbers one piece per number column, ``""`` where the
    column is empty on that line (a blank cell), so a blank does not shift later numbers left.

    Columns are the horizontal extents shared by the numbers of one table: a run of consecutive
    number lines (on to the next page when the table runs over it), bridged over wrapped stub
    lines that sit between two of its rows (a line whose text all ends left of the numbers, such
    as the 供 of a wrapped 无法提供). A run too short to show every column (one row under its
    header) takes the missing ones from the header line just above it, and a row right under
    its header with no number at all gets one blank per header column. A run whose numbers do
    not fall one per column is aligned in its parts (page by page, between stub lines), or
    left as it is.
    """
    for page in pages:
        page.items = _blank_rows(page.items)
    items = [it for page in pages for it in page.items]
    where = [(n, k) for n, page in enumerate(pages) for k in range(len(page.items))]
    for run in _runs(items, where):
        parts = run if len(run) == 1 else [[k for part in run for k in part], *run]
        done: set[int] = set()
        for part in parts:
            if done.intersection(part):
                continue
            lines = [items[k][1] for k in part]
            aligned = _aligned(lines, _header_columns(items, part, _columns(lines)))
            if aligned is lines:
                continue
            done.update(part)
            for k, line in zip(part, aligned, strict=True):
                n, pos = where[k]
                pages[n].items[pos] = (pages[n].items[pos][0], line)


def _blank_rows(items: list[tuple[float, _Line | _Table]]) -> list:
    """A row of an unruled table whose cells are all empty prints only its label: right under
    a header line (a stub header over the label, column headers right of it), it gets one
    ``""`` per column header, so the row is read as blanks rather than left out."""
    out = list(items)
    for k in range(1, len(items)):
        header, row = items[k - 1][1], items[k][1]
        if not (isinstance(header, _Line) and isinstance(row, _Line)) or len(row.pieces) != 1:
            continue
        x0, x1, text = row.pieces[0]
        if _is_value(text) or len(header.pieces) < 2:
            continue
        if any(_is_value(t) for _, _, t in header.pieces):
            continue
        h = max(row.bottom - row.top, 1.0)
        stub = header.pieces[0]
        heads = header.pieces[1:]
        if not (-h <= row.top - header.bottom <= 2 * h):
            continue
        if not (stub[0] <= x1 and x0 <= stub[1] and x1 < heads[0][0]):
            continue
        if any(_ROW_START.match(t) for _, _, t in heads):
            continue  # a wrapped stub beside a row label (（六）其他处 / 2.申请人…), not a header
        blanks = [(a, a, "") for a, _, _ in heads]
        out[k] = (items[k][0], _Line(row.top, row.bottom, [row.pieces[0], *blanks]))
    return out


def _value_x(line: _Line) -> float:
    return next(x0 for x0, _, t in line.pieces if _is_value(t))


def _runs(items: list[tuple[float, _Line | _Table]], where: list[tuple[int, int]]) -> list:
    """The number lines of each unruled table, as parts (lists of item indexes). Number lines
    that follow each other on a page are one part; the table goes on in a new part across a
    page break with nothing in between, or across stub lines (all their text left of both
    lines' numbers) no more than four line heights tall (a heading between two tables is
    farther apart)."""
    runs: list[list[list[int]]] = []
    run: list[list[int]] = []
    between: list[_Line] = []
    for i, (_, item) in enumerate(items):
        if isinstance(item, _Table):
            run, between = [], []
            continue
        if not _is_value(item.pieces[-1][2]):
            if run:
                between.append(item)
            continue
        if run:
            last = run[-1][-1]
            prev = items[last][1]
            left = min(_value_x(prev), _value_x(item))
            h = max(item.bottom - item.top, prev.bottom - prev.top, 1.0)
            if where[last][0] != where[i][0]:
                if between:
                    run = []
                else:
                    run.append([])
            elif between:
                stub = all(ln.pieces[-1][1] < left for ln in between)
                if stub and _mid(item) - _mid(prev) <= 4 * h:
                    run.append([])
                else:
                    run = []
        if not run:
            run = [[]]
            runs.append(run)
        run[-1].append(i)
        between = []
    return runs


def _columns(lines: list[_Line]) -> list[tuple[float, float]]:
    """Horizontal extents the lines' numbers share (overlapping spans merged)."""
    spans = sorted((x0, x1) for ln in lines for x0, x1, t in ln.pieces if _is_value(t))
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _header_columns(
    items: list[tuple[float, _Line | _Table]], run: list[int], columns: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """``columns`` completed from the header line right above the run: when that line has more
    pieces right of the run's labels than the run has columns, and every column lies under a
    piece of its own, a header piece with no column under it is an empty column."""
    first = run[0]
    if first == 0 or not columns:
        return columns
    header = items[first - 1][1]
    top = items[first][1]
    if not isinstance(header, _Line) or any(_is_value(t) for _, _, t in header.pieces):
        return columns
    h = max(top.bottom - top.top, 1.0)
    if not -h <= top.top - header.bottom <= 2 * h:
        return columns
    end = _label_end(items, run)
    heads = [(x0, x1) for x0, x1, _ in header.pieces if x0 > end]
    if len(heads) <= len(columns):
        heads = _header_leaves(items, run[0], end)
    if len(heads) <= len(columns):
        return columns
    owner = []
    for a, b in columns:
        under = [k for k, (x0, x1) in enumerate(heads) if a <= x1 and b >= x0]
        if len(under) != 1:
            return columns
        owner.append(under[0])
    if len(set(owner)) != len(owner):
        return columns
    mine = dict(zip(owner, columns, strict=True))
    return [mine.get(k, (x0, x0)) for k, (x0, _) in enumerate(heads)]


def _header_leaves(
    items: list[tuple[float, _Line | _Table]], first: int, end: float
) -> list[tuple[float, float]]:
    """The bottom-level column headers of a header printed over several lines (自然人 beside
    法人或其他组织 over 商业企业…, labels wrapped as 商业企/业): of the header lines right above
    the first number line (up to the heading over the table), the pieces right of the row labels
    (``end``) with no piece under them on a lower header line, merged where they overlap."""
    block: list[_Line] = []  # nearest first
    below = items[first][1]
    for k in range(first - 1, max(first - 9, -1), -1):
        line = items[k][1]
        if not isinstance(line, _Line) or any(_is_value(t) for _, _, t in line.pieces):
            break
        if len(line.pieces) == 1 and _ROW_START.match(line.pieces[0][2]):
            break  # the section heading over the table
        h = max(line.bottom - line.top, 1.0)
        if below.top - line.bottom > 2 * h:
            break
        block.append(line)
        below = line
    leaves = sorted(
        (x0, x1)
        for n, ln in enumerate(block)
        for x0, x1, t in ln.pieces
        if t
        and x0 > end
        and not any(a <= x1 and x0 <= b for low in block[:n] for a, b, u in low.pieces if u)
    )
    merged: list[list[float]] = []
    for x0, x1 in leaves:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _label_end(items: list[tuple[float, _Line | _Table]], run: list[int]) -> float:
    ends = [p[1] for k in run for p in items[k][1].pieces if not _is_value(p[2])]
    return max(ends, default=0.0)


def _aligned(lines: list, columns: list[tuple[float, float]]) -> list:
    if len(columns) < 2:
        return lines
    result = []
    for ln in lines:
        label = [p for p in ln.pieces if not _is_value(p[2])]
        slots: list[tuple[float, float, str] | None] = [None] * len(columns)
        for p in ln.pieces:
            if not _is_value(p[2]):
                continue
            k = next((i for i, (a, b) in enumerate(columns) if a <= p[0] <= b), None)
            if k is None or slots[k] is not None or (label and label[-1][1] > columns[0][0]):
                return lines  # two numbers in one column, or a label reaching into the numbers
            slots[k] = p
        pieces = label + [
            s if s is not None else (columns[i][0], columns[i][0], "") for i, s in enumerate(slots)
        ]
        result.append(_Line(ln.top, ln.bottom, pieces))
    return result
