"""DOCX reader on documents written with python-docx."""

from __future__ import annotations

import io

import docx
import pytest

from extract.layout import UnreadableSource
from extract.readers.docx import read_docx


def build() -> bytes:
    d = docx.Document()
    d.add_paragraph("某某局2023年政府信息公开工作年度报告")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=5, cols=4)
    t.cell(0, 0).merge(t.cell(1, 1)).text = "信息内容"  # 2×2 merge: gridSpan + vMerge
    t.cell(0, 2).merge(t.cell(0, 3)).text = "申请人情况"
    t.cell(1, 2).text = "自然人"
    t.cell(1, 3).text = "总计"
    t.cell(2, 0).merge(t.cell(4, 0)).text = "三、本年度办理结果"
    for r, (label, a, b) in enumerate(
        [("（一）予以公开", "5", "5"), ("（二）部分公开", "", "1"), ("（三）总计", "6", "6")],
        start=2,
    ):
        t.cell(r, 1).text = label
        t.cell(r, 2).text = a
        t.cell(r, 3).text = b
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_body_order_and_merged_cells() -> None:
    doc = read_docx(build())
    got = [(r.table, ["~" if f.covered else f.text for f in r.fragments]) for r in doc.rows]
    assert got == [
        (None, ["某某局2023年政府信息公开工作年度报告"]),
        (None, ["三、收到和处理政府信息公开申请情况"]),
        (0, ["信息内容", "~", "申请人情况", "~"]),
        (0, ["~", "~", "自然人", "总计"]),
        (0, ["三、本年度办理结果", "（一）予以公开", "5", "5"]),
        (0, ["~", "（二）部分公开", "", "1"]),
        (0, ["~", "（三）总计", "6", "6"]),
        (None, ["四、政府信息公开行政复议、行政诉讼情况"]),
    ]
    blank = doc.rows[5].fragments[2]
    assert blank.text == "" and not blank.covered and blank.where == "table 1 row 4 col 3"


def test_truncated_docx_is_rejected() -> None:
    data = build()
    with pytest.raises(UnreadableSource, match=r"^truncated or corrupt DOCX"):
        read_docx(data[: len(data) // 2])


def test_encrypted_docx_is_rejected() -> None:
    # what Word writes for a password-protected .docx: an OLE compound file whose directory
    # names the EncryptionInfo and EncryptedPackage streams (UTF-16LE)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50)
    directory += "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(UnreadableSource, match=r"^password-protected DOCX$"):
        read_docx(header + directory + bytes(1024))


def test_zip_without_document_is_rejected() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableSource, match=r"no word/document.xml"):
        read_docx(buf.getvalue())


def test_rows_inside_content_controls_are_read() -> None:
    from copy import deepcopy

    from docx.oxml import OxmlElement

    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "规章", "1"
    t.cell(1, 0).text, t.cell(1, 1).text = "行政规范性文件", "2"
    tbl = t._tbl
    second = tbl.tr_lst[1]
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    content.append(deepcopy(second))
    sdt.append(content)
    tbl.replace(second, sdt)
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue())
    assert [[f.text for f in r.fragments] for r in doc.rows] == [
        ["规章", "1"],
        ["行政规范性文件", "2"],
    ]


def test_text_box_read_once_and_nested_table_text_kept() -> None:
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (
        f'<w:r xmlns:w="{w}" xmlns:mc="{mc}"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p>'
        "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内文字</w:t>"
        "</w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>"
    )
    d = docx.Document()
    d.add_paragraph("标题")._p.append(parse_xml(box))
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "法人或其他组织"
    inner = t.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "商业企业", "科研机构"
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue())
    assert doc.rows[0].fragments[0].text == "标题框内文字"
    assert [f.text for f in doc.rows[1].fragments] == ["法人或其他组织", "商业企业科研机构"]


def test_word97_hmerge_and_tracked_changes() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    d = docx.Document()
    p = d.add_paragraph("本年")
    p._p.append(
        parse_xml(
            f'<w:del xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del>'
        )
    )
    p._p.append(
        parse_xml(f'<w:ins xmlns:w="{w}" w:id="2" w:author="a"><w:r><w:t>新收</w:t></w:r></w:ins>')
    )
    p._p.append(
        parse_xml(
            f'<w:moveFrom xmlns:w="{w}" w:id="3" w:author="a"><w:r><w:t>搬走</w:t></w:r></w:moveFrom>'
        )
    )
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).text = "申请人情况"
    for col, val in ((0, "restart"), (1, "continue"), (2, "continue")):
        tc_pr = t.cell(0, col)._tc.get_or_add_tcPr()
        tc_pr.append(parse_xml(f'<w:hMerge xmlns:w="{w}" w:val="{val}"/>'))
    for col, text in enumerate(("自然人", "商业企业", "总计")):
        t.cell(1, col).text = text
    assert t.cell(0, 1)._tc.tcPr.find(qn("w:hMerge")) is not None
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue())
    got = [["~" if f.covered else f.text for f in r.fragments] for r in doc.rows]
    assert got == [["本年新收"], ["申请人情况", "~", "~"], ["自然人", "商业企业", "总计"]]
