"""PDF reader on small real PDFs written with reportlab and read back with pdfplumber."""

from __future__ import annotations

import pytest
from reader_builders import FONT, PAGE_H, GridCell, draw_table, new_canvas, text_line

from extract.layout import Document, UnreadableSource
from extract.readers.pdf import read_pdf

WIDTHS = [24, 176, 50, 50]


def texts(doc: Document, table: int | None = None) -> list[list[str]]:
    return [
        ["~" if f.covered else f.text for f in r.fragments]
        for r in doc.rows
        if table is None or r.table == table
    ]


def row_with(doc: Document, needle: str) -> list[str]:
    for r in doc.rows:
        if needle in r.text:
            return ["~" if f.covered else f.text for f in r.fragments]
    raise AssertionError(f"no row contains {needle!r}: {texts(doc)}")


def two_page_table() -> bytes:
    """A ruled requests-like table: wrapped labels with numbers printed below or above them in
    tall cells, a stub label stacked one character per line, continued on page 2, page numbers."""
    c, buf = new_canvas()
    text_line(c, 72, 60, "某某县人民政府2024年政府信息公开工作年度报告", 14)
    text_line(c, 72, 100, "三、收到和处理政府信息公开申请情况")
    heights = [20, 40, 40, *([30] * 19)]  # runs to the bottom of page 1
    cells = [
        GridCell(0, 0, ["信息内容"], colspan=2),
        GridCell(0, 2, ["自然人"]),
        GridCell(0, 3, ["总计"]),
        # number below its two-line label (vertically offset, WPS style)
        GridCell(1, 0, ["一、本年新收政府信息", "公开申请数量"], colspan=2),
        GridCell(1, 2, ["12"], anchor="bottom"),
        GridCell(1, 3, [""]),  # a genuinely blank cell
        # number above its label
        GridCell(2, 0, ["", "二、上年结转政府信息公开申请数量"], colspan=2, anchor="bottom"),
        GridCell(2, 2, ["3"]),
        GridCell(2, 3, ["3"]),
        GridCell(3, 0, ["三、本年度办理结果"], rowspan=19, anchor="stack"),
    ]
    for i in range(19):
        cells += [
            GridCell(3 + i, 1, [f"（{i + 1}）结果{i + 1}"]),
            GridCell(3 + i, 2, [str(i)]),
            GridCell(3 + i, 3, [str(i)]),
        ]
    draw_table(c, 72, 120, WIDTHS, heights, cells)
    text_line(c, 290, 820, "- 1 -", 9)
    c.showPage()
    cells2 = [
        GridCell(0, 0, [""], rowspan=2),  # the stub label's merged cell runs on
        GridCell(0, 1, ["（二十）其他处理"]),
        GridCell(0, 2, ["7"]),
        GridCell(0, 3, ["7"]),
        GridCell(1, 1, ["（二十一）总计"]),
        GridCell(1, 2, ["40"]),
        GridCell(1, 3, ["40"]),
        GridCell(2, 0, ["四、结转下年度继续办理"], colspan=2),
        GridCell(2, 2, ["0"]),
        GridCell(2, 3, ["0"]),
    ]
    draw_table(c, 72, 60, WIDTHS, [30, 30, 30], cells2)
    text_line(c, 72, 200, "四、政府信息公开行政复议、行政诉讼情况")
    text_line(c, 290, 820, "- 2 -", 9)
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def table_doc() -> Document:
    return read_pdf(two_page_table())


def test_numbers_offset_in_tall_cells_stay_in_their_row(table_doc: Document) -> None:
    assert row_with(table_doc, "本年新收") == ["一、本年新收政府信息公开申请数量", "~", "12", ""]
    assert row_with(table_doc, "上年结转") == ["二、上年结转政府信息公开申请数量", "~", "3", "3"]


def test_header_span_and_blank_cell_are_distinguished(table_doc: Document) -> None:
    assert row_with(table_doc, "信息内容") == ["信息内容", "~", "自然人", "总计"]
    new = next(r for r in table_doc.rows if "本年新收" in r.text)
    blank = new.fragments[3]
    assert blank.text == "" and not blank.covered


def test_stacked_stub_label_reads_as_one_label(table_doc: Document) -> None:
    assert row_with(table_doc, "（1）结果1") == ["三、本年度办理结果", "（1）结果1", "0", "0"]
    assert row_with(table_doc, "（2）结果2") == ["~", "（2）结果2", "1", "1"]


def test_table_continues_on_next_page(table_doc: Document) -> None:
    tables = {r.table for r in table_doc.rows if r.table is not None}
    assert tables == {0}
    assert row_with(table_doc, "（二十）其他处理") == ["~", "（二十）其他处理", "7", "7"]
    assert row_with(table_doc, "结转下年度") == ["四、结转下年度继续办理", "~", "0", "0"]
    where = next(r for r in table_doc.rows if "结转下年度" in r.text).fragments[0].where
    assert where == "page 2"
    assert any("continued on page 2" in n for n in table_doc.notes)


def test_page_numbers_dropped_and_text_in_reading_order(table_doc: Document) -> None:
    assert "- 1 -" not in table_doc.text and "- 2 -" not in table_doc.text
    lines = table_doc.text.splitlines()
    assert lines[0] == "某某县人民政府2024年政府信息公开工作年度报告"
    assert lines.index("三、收到和处理政府信息公开申请情况") < lines.index(
        "四、政府信息公开行政复议、行政诉讼情况"
    )


def test_unruled_rows_split_at_wide_gaps() -> None:
    c, buf = new_canvas()
    text_line(c, 72, 80, "某某局2021年政府信息公开工作年度报告")
    for i, (label, a, b) in enumerate([("规章", "1", "2"), ("行政规范性文件", "30", "")]):
        text_line(c, 72, 120 + 20 * i, label)
        text_line(c, 300, 120 + 20 * i, a)
        if b:
            text_line(c, 400, 120 + 20 * i, b)
    c.save()
    doc = read_pdf(buf.getvalue())
    assert row_with(doc, "规章") == ["规章", "1", "2"]
    assert row_with(doc, "行政规范性文件") == ["行政规范性文件", "30", ""]  # blank, not shifted
    assert all(r.fragments[0].where == "page 1" for r in doc.rows)


def test_password_protected_pdf_is_rejected() -> None:
    c, buf = new_canvas(encrypt="secret")
    text_line(c, 72, 80, "某某局2021年政府信息公开工作年度报告")
    c.save()
    with pytest.raises(UnreadableSource, match=r"^password-protected PDF$"):
        read_pdf(buf.getvalue())


def test_truncated_pdf_is_rejected() -> None:
    data = two_page_table()
    with pytest.raises(UnreadableSource, match=r"^truncated or corrupt PDF$"):
        read_pdf(data[: len(data) // 2])


def test_pdf_without_text_layer_is_rejected() -> None:
    c, buf = new_canvas()
    for i in range(20):  # a "scan": marks on the page, no text
        c.rect(72, 100 + 30 * i, 400, 20, stroke=1, fill=1)
    c.showPage()
    c.rect(72, 100, 400, 20, stroke=1, fill=1)
    c.save()
    with pytest.raises(UnreadableSource, match=r"^no text layer \(scanned PDF\)$"):
        read_pdf(buf.getvalue())


def test_unmapped_cid_glyphs_are_rejected() -> None:
    c, buf = new_canvas()
    for i in range(10):
        text_line(c, 72, 80 + 20 * i, "本年新收政府信息公开申请数量")
    c.save()
    # same font, but Identity-H instead of the Unicode CMap: the glyph ids lose their meaning
    data = buf.getvalue().replace(b"/UniGB-UCS2-H", b"/Identity-H  ")
    with pytest.raises(UnreadableSource, match=r"^PDF text uses unmapped glyphs \(cid\)$"):
        read_pdf(data)


def test_garbage_is_rejected() -> None:
    with pytest.raises(UnreadableSource):
        read_pdf(b"%PDF-1.4\n garbage garbage\n%%EOF")


def test_fake_bold_overprint_read_once_and_scanned_pages_noted() -> None:
    c, buf = new_canvas()
    text_line(c, 72, 80, "某某局2021年政府信息公开工作年度报告")
    text_line(c, 72.4, 80.3, "某某局2021年政府信息公开工作年度报告")  # overprinted for bold
    text_line(c, 72, 120, "一、总体情况")
    c.showPage()
    c.rect(72, 100, 400, 500, stroke=0, fill=1)  # a page that is only an image-like block
    c.save()
    doc = read_pdf(buf.getvalue())
    assert doc.text.splitlines()[0] == "某某局2021年政府信息公开工作年度报告"
    assert any("no text layer on page(s) 2" in n for n in doc.notes)


def unruled_wrapped_table() -> bytes:
    """No ruling lines; labels wrapped over 2–3 lines with their numbers vertically centred
    (on a line of their own between the label's lines, or on its middle line)."""
    c, buf = new_canvas()
    text_line(c, 72, 60, "某某县人民政府2024年政府信息公开工作年度报告", 14)
    text_line(c, 72, 100, "三、收到和处理政府信息公开申请情况")
    for x, head in ((72, "信息内容"), (300, "自然人"), (360, "总计")):
        text_line(c, x, 130, head, 9)
    rows = [
        (["一、本年新收政府信息", "公开申请数量"], ["12", "12"]),
        (["二、上年结转政府信息公开申请数量"], ["3", ""]),
        (["（二）部分公开（区分处理的，只计这", "一情形，不计其他情形）"], ["1", "/"]),
        (["5.要求行政机关确认或重新", "出具已获取信息的", "申请"], ["4", "4"]),
        (["四、结转下年度继续办理"], ["0", "0"]),
    ]
    top, lead = 160, 13
    for label, nums in rows:
        for i, part in enumerate(label):
            text_line(c, 72, top + i * lead, part, 9)
        middle = top + (len(label) - 1) * lead / 2
        for x, n in zip((300, 360), nums, strict=True):
            if n:
                text_line(c, x, middle, n, 9)
        top += lead * len(label) + 10
    text_line(c, 72, top + 20, "四、政府信息公开行政复议、行政诉讼情况")
    c.save()
    return buf.getvalue()


def test_unruled_wrapped_labels_rejoin_their_numbers() -> None:
    doc = read_pdf(unruled_wrapped_table())
    assert texts(doc)[2:] == [
        ["信息内容", "自然人", "总计"],
        ["一、本年新收政府信息公开申请数量", "12", "12"],
        ["二、上年结转政府信息公开申请数量", "3", ""],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1", "/"],
        ["5.要求行政机关确认或重新出具已获取信息的申请", "4", "4"],
        ["四、结转下年度继续办理", "0", "0"],
        ["四、政府信息公开行政复议、行政诉讼情况"],
    ]


@pytest.mark.parametrize("turn", [-90, 90])
def test_rotated_stub_label_reads_in_order(turn: int) -> None:
    c, buf = new_canvas()
    text_line(c, 72, 60, "某某县人民政府2024年政府信息公开工作年度报告", 14)
    cells = [GridCell(0, 0, [""], rowspan=3)]
    cells += [GridCell(r, 1, [f"（{r + 1}）项目"]) for r in range(3)]
    cells += [GridCell(r, 2, [str(r)]) for r in range(3)]
    draw_table(c, 72, 100, [30, 150, 50], [30, 30, 30], cells)
    c.saveState()
    c.setFont(FONT, 9)
    # clockwise text runs down from the top of the stub cell, counter-clockwise runs up
    c.translate(90, PAGE_H - (110 if turn == -90 else 180))
    c.rotate(turn)
    c.drawString(0, 0, "本年度办理结果")
    c.restoreState()
    c.saveState()
    c.translate(300, 400)
    c.rotate(45)
    c.setFont(FONT, 30)
    c.drawString(0, 0, "水印文字")  # a watermark
    c.restoreState()
    c.save()
    doc = read_pdf(buf.getvalue())
    assert row_with(doc, "（1）项目") == ["本年度办理结果", "（1）项目", "0"]
    assert "水印" not in doc.text


def test_running_header_kept_once_and_page_footers_dropped() -> None:
    c, buf = new_canvas()
    for page in range(1, 4):
        text_line(c, 72, 40, "某某局2023年政府信息公开工作年度报告", 9)
        text_line(c, 72, 120, f"正文第{page}页的内容")
        text_line(c, 260, 815, f"第{page}页 共3页", 9)
        c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue())
    assert doc.text.splitlines() == [
        "某某局2023年政府信息公开工作年度报告",
        "正文第1页的内容",
        "正文第2页的内容",
        "正文第3页的内容",
    ]


def test_owner_password_only_pdf_is_read() -> None:
    """Many published PDFs forbid copying with an owner password but open without one."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    lock = StandardEncryption("", ownerPassword="owner", canCopy=0, canModify=0)
    c, buf = new_canvas(encrypt=lock)
    # (a standard font: pdfminer cannot map reportlab's CID font inside an encrypted file)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Government information disclosure annual report 2021")
    c.save()
    data = buf.getvalue() + b"\x00" * 100  # trailing padding after %%EOF is not truncation
    assert read_pdf(data).text == "Government information disclosure annual report 2021"


def test_unruled_subheading_is_not_glued_to_the_row_above() -> None:
    c, buf = new_canvas()
    text_line(c, 72, 60, "二、主动公开政府信息情况")
    lines = [
        ("第二十条第（一）项", []),
        ("信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"]),
        ("规章", ["0", "0", "0"]),
        ("行政规范性文件", ["3", "0", "8"]),
        ("第二十条第（五）项", []),
        ("信息内容", ["本年处理决定数量"]),
        ("行政许可", ["9487"]),
    ]
    for i, (label, cols) in enumerate(lines):  # tight: one line pitch per row, no padding
        text_line(c, 72, 90 + 12 * i, label, 9)
        for k, text in enumerate(cols):
            text_line(c, 220 + 90 * k, 90 + 12 * i, text, 9)
    c.save()
    doc = read_pdf(buf.getvalue())
    assert row_with(doc, "行政规范性文件") == ["行政规范性文件", "3", "0", "8"]
    assert row_with(doc, "第二十条第（五）项") == ["第二十条第（五）项"]
