"""The report as printed, independent of file format: title, sections, prose and the three tables.

Every renderer lays out the same :class:`ReportDoc`. Tables are grids of :class:`TCell` with
rowspan/colspan, as the national format prints them (merged stub labels, two-level headers).
Labels start from ``extract/cells.csv`` (row_label / col_label) and take the report's
:class:`~corpus.truth.Wording` variants.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from corpus.prose import narrative
from corpus.truth import ReportTruth, Value
from extract.vocabulary import APPLICANT_COLUMNS, DISPUTE_COLUMNS, DISPUTE_ROWS, cell_specs

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    None,  # 五: the report's own wording (Wording.fifth_heading)
    "六、其他需要报告的事项",
)

#: Group (stub) labels of the requests table that cells.csv does not carry.
_GROUPS = {
    "deny": "（三）不予公开",
    "unable": "（四）无法提供",
    "np": "（五）不予处理",
    "other": "（六）其他处理",
}
_PARTIAL_NOTE = "（区分处理的，只计这一情形，不计其他情形）"
_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

#: Proactive (第二十条) blocks: the item, its rows and the columns it prints, per template.
_PROACTIVE = {
    "2019": (
        ("（一）", ("rules", "normative_docs"), ("new_made", "new_published", "total_published")),
        ("（五）", ("licensing", "other_services"), ("prev_year_items", "change", "decisions")),
        ("（六）", ("penalty", "coercion"), ("prev_year_items", "change", "decisions")),
        ("（八）", ("fees",), ("prev_year_items", "change")),
        ("（九）", ("procurement",), ("items", "amount")),
    ),
    "2021": (
        ("（一）", ("rules", "normative_docs"), ("issued", "repealed", "in_force")),
        ("（五）", ("licensing",), ("decisions",)),
        ("（六）", ("penalty", "coercion"), ("decisions",)),
        ("（八）", ("fees",), ("amount_wan_yuan",)),
    ),
}


@dataclass(frozen=True, slots=True)
class TCell:
    """One printed table cell; ``key`` marks a statutory number cell (table, row, col)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str, str] | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cells (covered positions omitted, HTML-style) on an ``ncols`` grid."""

    name: str  # proactive | requests | disputes
    ncols: int
    rows: tuple[tuple[TCell, ...], ...]

    def grid(self) -> list[list[TCell | None]]:
        """The full grid: each cell at its top-left position, ``None`` where a span covers."""
        grid: list[list[TCell | bool | None]] = [[False] * self.ncols for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while grid[r][c] is not False:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        grid[r + dr][c + dc] = None
                grid[r][c] = cell
                c += cell.colspan
        for r, row in enumerate(grid):
            if any(x is False for x in row):
                raise ValueError(f"table {self.name} row {r} does not fill {self.ncols} columns")
        return grid  # type: ignore[return-value]

    def word_rows(self) -> list[list[str]]:
        """Rows as Word's text export writes them (sample 000): a cell merged across columns is
        written once (its covered positions dropped), a position covered from the row above is an
        empty field, and the row is padded with empty fields to the table's width."""
        grid = self.grid()
        out: list[list[str]] = []
        for r, row in enumerate(grid):
            fields: list[str] = []
            owner: TCell | None = None
            for cell in row:
                if cell is not None:
                    owner = cell
                    fields.append(cell.text)
                elif owner is not None and any(owner is c for c in self.rows[r]):
                    continue  # covered from the left: part of the cell just written
                else:
                    fields.append("")  # covered from above
                    owner = None
            out.append(fields + [""] * (self.ncols - len(fields)))
        return out


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str


Block = Heading | Para | Table


@dataclass(frozen=True, slots=True)
class ReportDoc:
    """Everything printed, in order."""

    title: tuple[str, ...]  # one line, or agency + "2023年度政府信息公开年度报告"
    meta: tuple[tuple[str, str], ...]  # 索引号 / 发布机构 / 发文日期 lines (site header)
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]  # agency and date at the end (empty when the file states none)


# ----------------------------------------------------------------------------- wording


def word(text: str, truth: ReportTruth) -> str:
    """Apply the report's wording variants to a label."""
    w = truth.wording
    if w.half_brackets:
        text = text.replace("（", "(").replace("）", ")")
    if w.enumerator != ".":
        for d in "123456789":
            text = text.replace(f"{d}.", f"{d}{w.enumerator}")
    if w.straight_quotes:
        text = text.replace("“", '"').replace("”", '"')
    if w.social_org_short:
        text = text.replace("社会公益组织", "社会组织")
    return text


_FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def number_text(value: Value, truth: ReportTruth, col: str) -> str:
    """How a value is printed: blank (or the report's mark) for None, decimals padded per the
    report's habit, thousands separated when the report does so."""
    if value is None:
        return truth.wording.blank_mark
    sep = "," if truth.wording.thousands else ""
    if isinstance(value, Decimal):
        places = truth.wording.fee_decimals if col == "amount_wan_yuan" else 0
        exp = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0  # type: ignore[operator]
        text = f"{value:{sep}.{max(places, exp)}f}"
    else:
        text = f"{value:{sep}}"
    return text.translate(_FULLWIDTH) if truth.wording.fullwidth_digits else text


def _row_label(template: str, table: str, row: str) -> str:
    for spec in cell_specs():
        if spec.table == table and spec.row == row and spec.template == template:
            return spec.row_label
    for spec in cell_specs():  # a mixed report's row of the other version
        if spec.table == table and spec.row == row:
            return spec.row_label
    raise KeyError((template, table, row))


def _col_label(template: str, table: str, col: str) -> str:
    for spec in cell_specs():
        if spec.table == table and spec.col == col and spec.template == template:
            return spec.col_label
    raise KeyError((template, table, col))


# ----------------------------------------------------------------------------- tables


def _value_cell(truth: ReportTruth, key: tuple[str, str, str], colspan: int = 1) -> TCell:
    return TCell(number_text(truth.cells.get(key), truth, key[2]), colspan=colspan, key=key)


def proactive_table(truth: ReportTruth) -> Table:
    """二、主动公开政府信息情况: the 第二十条 blocks on a 4-column grid."""
    t = truth.template
    rows: list[tuple[TCell, ...]] = []
    for item, row_keys, cols in _PROACTIVE[t]:
        rows.append((TCell(word(f"第二十条第{item}项", truth), colspan=4),))
        head = [TCell("信息内容")]
        head += [TCell(word(_col_label(t, "proactive", c), truth)) for c in cols]
        if len(cols) < 3:
            head[-1] = TCell(head[-1].text, colspan=4 - len(cols))
        rows.append(tuple(head))
        for r in row_keys:
            label = _row_label(t, "proactive", r)
            cells = [TCell(word(label, truth))]
            for i, c in enumerate(cols):
                span = 4 - len(cols) if i == len(cols) - 1 and len(cols) < 3 else 1
                cells.append(_value_cell(truth, ("proactive", r, c), span))
            rows.append(tuple(cells))
    return Table("proactive", 4, tuple(rows))


def _leaf(label: str) -> str:
    """三（三）1.属于国家秘密 → 1.属于国家秘密; 三（一）予以公开 → （一）予以公开."""
    label = label.removeprefix("三")
    if label.startswith("（") and "）" in label:
        rest = label[label.index("）") + 1 :]
        if rest[:1].isdigit():
            return rest
    return label


def _group(row: str) -> str | None:
    head = row.split("_", 1)[0]
    if row == "other":
        return None
    return head if head in _GROUPS else None


def requests_table(truth: ReportTruth) -> Table:
    """三、收到和处理政府信息公开申请情况: 3 stub columns, 6 applicant columns, 总计."""
    t = truth.template
    cols = truth.request_columns()
    n_num = len(cols)
    ncols = 3 + n_num
    org_cols = APPLICANT_COLUMNS[1:]
    rows: list[tuple[TCell, ...]] = []
    head0 = [
        TCell(word(_CHECK_NOTE, truth), rowspan=3, colspan=3),
        TCell("申请人情况", colspan=n_num),
    ]
    head1 = [TCell("自然人", rowspan=2), TCell("法人或其他组织", colspan=len(org_cols))]
    if "total" in cols:
        head1.append(TCell("总计", rowspan=2))
    head2 = [TCell(word(_col_label(t, "requests", c).split("·")[1], truth)) for c in org_cols]
    rows += [tuple(head0), tuple(head1), tuple(head2)]

    def numbers(row: str) -> list[TCell]:
        return [_value_cell(truth, ("requests", row, c)) for c in cols]

    printed = truth.request_row_keys()
    results = printed[printed.index("granted") : printed.index("carried_out")]
    for row in ("new_received", "carried_in"):
        rows.append((TCell(word(_row_label(t, "requests", row), truth), colspan=3), *numbers(row)))
    first = True
    i = 0
    while i < len(results):
        row = results[i]
        lead = [TCell(word("三、本年度办理结果", truth), rowspan=len(results))] if first else []
        first = False
        group = _group(row)
        label = word(_leaf(_row_label(t, "requests", row)), truth)
        if group is None:
            if row == "partial" and truth.wording.partial_note:
                label += word(_PARTIAL_NOTE, truth)
            rows.append((*lead, TCell(label, colspan=2), *numbers(row)))
            i += 1
            continue
        members = [r for r in results if _group(r) == group]
        rows.append(
            (
                *lead,
                TCell(word(_GROUPS[group], truth), rowspan=len(members)),
                TCell(label),
                *numbers(row),
            )
        )
        for r in members[1:]:
            rows.append((TCell(word(_leaf(_row_label(t, "requests", r)), truth)), *numbers(r)))
        i += len(members)
    rows.append(
        (
            TCell(word(_row_label(t, "requests", "carried_out"), truth), colspan=3),
            *numbers("carried_out"),
        )
    )
    return Table("requests", ncols, tuple(rows))


def disputes_table(truth: ReportTruth) -> Table:
    """四、行政复议、行政诉讼: two header rows over 15 numbers (or the bare number row)."""
    numbers = tuple(
        _value_cell(truth, ("disputes", r, c)) for r in DISPUTE_ROWS for c in DISPUTE_COLUMNS
    )
    if truth.wording.disputes_bare:
        return Table("disputes", 15, (numbers,))
    outcomes = [_col_label(truth.template, "disputes", c) for c in DISPUTE_COLUMNS]
    row0 = (TCell("行政复议", colspan=5), TCell("行政诉讼", colspan=10))
    row1 = (
        *(TCell(o, rowspan=2) for o in outcomes),
        TCell("未经复议直接起诉", colspan=5),
        TCell("复议后起诉", colspan=5),
    )
    row2 = tuple(TCell(o) for o in outcomes * 2)
    return Table("disputes", 15, (row0, row1, row2, numbers))


def build(truth: ReportTruth) -> ReportDoc:
    """The printed report of ``truth``."""
    rng = random.Random(truth.seed ^ 0x5EED)
    year = truth.year
    agency = truth.agency_printed
    if truth.wording.title_split:
        title: tuple[str, ...] = (agency, f"{year}年度政府信息公开工作年度报告")
    elif truth.wording.year_first_title:
        title = (f"{year}年{agency}政府信息公开工作年度报告",)
    else:
        title = (f"{agency}{year}年{rng.choice(('', '度'))}政府信息公开工作年度报告",)
    date_cn = f"{truth.published.year}年{truth.published.month}月{truth.published.day}日"
    meta: list[tuple[str, str]] = []
    if truth.index_no:
        meta.append(("索引号", truth.index_no))
    meta.append(("发布机构", agency))
    if truth.published_stated:
        meta.append(("发文日期", date_cn))
    blocks: list[Block] = [
        Para(
            f"根据《中华人民共和国政府信息公开条例》要求，现公布{agency}{year}年度政府信息公开"
            f"工作年度报告。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        )
    ]
    tables = {1: proactive_table(truth), 2: requests_table(truth), 3: disputes_table(truth)}
    prose = narrative(truth)
    for i, heading in enumerate(SECTION_HEADINGS):
        if not truth.wording.no_headings:
            blocks.append(Heading(heading or truth.wording.fifth_heading))
        if i in tables:
            blocks.append(tables[i])
        else:
            blocks += [Para(word(s, truth)) for s in prose[i]]
    signature = (agency, date_cn) if truth.published_stated else ()
    return ReportDoc(title, tuple(meta), tuple(blocks), signature)
