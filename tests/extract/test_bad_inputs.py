"""Bad input is a rejection with a one-line reason, never a traceback, and never stops a batch."""

from __future__ import annotations

import json
import random

import pytest

from extract.api import extract_bytes, extract_path
from extract.cli import main

REPORT_LINES = "\n".join(
    [
        "某某局2023年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0",
        "行政规范性文件\t1\t0\t5",
    ]
)


def _rejected(ex, *words):
    assert ex.status == "rejected" and ex.cells == []
    assert ex.reason and "\n" not in ex.reason
    assert any(w in ex.reason for w in words), ex.reason


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.txt", ("empty",)),
        (b"  \n\t\n", "blank.txt", ("empty",)),
        (random.Random(7).randbytes(4000), "junk.txt", ("binary",)),
        (
            "<html><head><title>首页</title></head><body><div>欢迎访问</div><p>新闻动态</p>"
            "<p>联系我们</p><br/></body></html>".encode(),
            "page.html",
            ("not an annual report",),
        ),
        (
            "本单位2023年工作总结：全年召开会议12次，发文30件。".encode(),
            "memo.txt",
            ("not an annual report",),
        ),
        (b"PK\x03\x04garbage", "x.zip", ("zip",)),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "cut.pdf", ("PDF", "pdf")),
    ],
)
def test_rejected_with_reason(data, name, words):
    _rejected(extract_bytes(data, name), *words)


def test_sha256_of_bytes():
    ex = extract_bytes(b"", "e.txt")
    assert ex.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_missing_file_is_rejected(tmp_path):
    _rejected(extract_path(tmp_path / "nope.txt"), "cannot read")


def test_cli_batch_continues_and_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(REPORT_LINES, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["extract", str(good)]) == 0
    capsys.readouterr()
    assert main(["extract", str(bad), str(good)]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["status"] for x in lines] == ["rejected", "ok"]
    assert lines[1]["report"]["agency"] == "某某局"
    cells = {(c["row"], c["col"]): c["value"] for c in lines[1]["cells"]}
    assert cells[("normative_docs", "in_force")] == 5
    assert main([]) == 2
    assert main(["bogus"]) == 2


def test_gbk_and_utf16_text_decode(tmp_path):
    for codec in ("gb18030", "utf-16", "utf-8-sig"):
        ex = extract_bytes(REPORT_LINES.encode(codec), f"r.{codec}.txt")
        assert ex.status == "ok", (codec, ex.reason)
        assert ex.report.agency == "某某局"


def test_report_without_readable_tables_says_so():
    text = (
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n二、主动公开政府信息情况\n（见图片）\n"
        "三、收到和处理政府信息公开申请情况\n（见图片）\n四、政府信息公开行政复议、行政诉讼情况\n（见图片）\n"
    )
    _rejected(extract_bytes(text.encode(), "img.txt"), "no readable cells")


def test_markdown_with_inline_br_is_still_markdown():
    from extract.sniff import sniff

    md = (
        "某局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
        "| 行政规范<br>性文件 | 1 | 0 | 5 |\n| 规章 | 0 | 0 | 0 |\n| a<br>b | c | d | e |\n"
    )
    assert sniff(md.encode(), "r.md").kind == "md"
    assert sniff(md.encode(), "r.txt").kind == "txt"
    ex = extract_bytes(md.encode(), "r.md")
    cells = {(c.row, c.col): c.value for c in ex.cells}
    assert cells[("normative_docs", "in_force")] == 5
