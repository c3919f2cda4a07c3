"""Damaged bytes never crash a reader: each either reads or raises UnreadableSource with a
one-line reason (seeded truncations and byte flips of real files built here)."""

from __future__ import annotations

import io
import random

import docx
import pytest
from reader_builders import GridCell, draw_table, new_canvas, text_line

from extract.layout import Document, UnreadableSource
from extract.readers.docx import read_docx
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf


def small_pdf() -> bytes:
    c, buf = new_canvas()
    text_line(c, 72, 60, "某某局2023年政府信息公开工作年度报告")
    cells = [GridCell(0, 0, ["本年新收"]), GridCell(0, 1, ["3"]), GridCell(1, 0, ["上年结转"])]
    draw_table(c, 72, 100, [150, 50], [30, 30], [*cells, GridCell(1, 1, ["0"])])
    c.save()
    return buf.getvalue()


def small_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("某某局2023年政府信息公开工作年度报告")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "本年新收", "3"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


SMALL_HTML = (
    "<html><head><meta charset=gbk></head><body><p>年度报告</p><table><tr><td rowspan=2>本年新收"
    "</td><td>3</td></tr></table></body></html>"
).encode("gbk")


def mutations(data: bytes, seed: int, n: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.4:
            out.append(data[: rng.randrange(len(data))])
            continue
        b = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    return out


@pytest.mark.parametrize(
    ("reader", "build"),
    [(read_pdf, small_pdf), (read_docx, small_docx), (read_html, lambda: SMALL_HTML)],
    ids=["pdf", "docx", "html"],
)
def test_damaged_bytes_read_or_rejected_with_one_line_reason(reader, build) -> None:
    outcomes = set()
    for data in mutations(build(), seed=7, n=25):
        try:
            assert isinstance(reader(data), Document)
            outcomes.add("read")
        except UnreadableSource as exc:
            reason = str(exc)
            assert reason and "\n" not in reason and "Traceback" not in reason
            outcomes.add("rejected")
    assert outcomes  # the loop ran


@pytest.mark.parametrize("reader", [read_pdf, read_docx, read_html])
@pytest.mark.parametrize("data", [b"", b"\x00" * 64, b"PK\x03\x04junk", b"%PDF-1.7\n"])
def test_junk_is_rejected(reader, data: bytes) -> None:
    with pytest.raises(UnreadableSource):
        reader(data)
