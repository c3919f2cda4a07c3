"""Hostile files, built small and fast: the bombs are a repeated flushed deflate chunk."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from extract.decode import decode_bytes

REPO_ROOT = Path(__file__).resolve().parents[2]
REPORTS = REPO_ROOT / "data" / "corpus" / "reports"
TXT = REPORTS / "hongze-czj_2019.txt"

MB = 1 << 20


def _deflate_zeros(megabytes: int, wbits: int) -> bytes:
    """A deflate stream of ``megabytes`` MB of zeros, ~1 kB per MB, built in milliseconds."""
    co = zlib.compressobj(9, zlib.DEFLATED, wbits)
    head = co.compress(b"\0" * MB) + co.flush(zlib.Z_FULL_FLUSH)
    chunk = co.compress(b"\0" * MB) + co.flush(zlib.Z_FULL_FLUSH)
    return head + chunk * (megabytes - 2) + co.compress(b"\0" * MB) + co.flush()


def zip_bomb_docx(gigabytes: int = 3) -> bytes:
    """A .docx (valid parts) whose document.xml members declare and inflate to ``gigabytes``."""
    members = [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>', None),
        ("word/document.xml", None, 1000),
        *((f"word/media/pad{i}.xml", None, 1000) for i in range(1, gigabytes)),
    ]
    out, central = io.BytesIO(), io.BytesIO()
    for name, raw, mbs in members:
        if raw is not None:
            data, method, size, crc = raw, 0, len(raw), zlib.crc32(raw)
        else:
            data, method, size, crc = _deflate_zeros(mbs, -15), 8, mbs * MB, 0
        offset = out.tell()
        fields = (20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name.encode() + data)
        central.write(
            b"PK\x01\x02"
            + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0, 0, offset)
            + name.encode()
        )
    start, body = out.tell(), central.getvalue()
    n = len(members)
    out.write(body + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, n, n, len(body), start, 0))
    return out.getvalue()


def pdf_bomb(megabytes: int = 1000) -> bytes:
    """A ~1 MB one-page PDF whose content stream inflates to ``megabytes`` MB."""
    stream = _deflate_zeros(megabytes, 15)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def huge_html(path: Path, megabytes: int = 200) -> Path:
    """A web page of ``megabytes`` MB (sparse on disk: the tail is NULs never read)."""
    with path.open("wb") as handle:
        handle.write(b"<html><body><table>" + b"<tr><td>1</td></tr>" * 1000)
        handle.truncate(megabytes * MB)
    return path


def digits(megabytes: int = 50) -> bytes:
    return b"1234567890\n" * (megabytes * MB // 11)


def report_text() -> str:
    return TXT.read_text(encoding="utf-8")


def with_big_cell(text: str, n_digits: int) -> str:
    """The report with the 行政许可 row's last number printed as ``n_digits`` nines."""
    return re.sub(r"(行政许可 \d+ \d+ )\d+", lambda m: m.group(1) + "9" * n_digits, text, count=1)


def html_with_big_cell(n_digits: int) -> bytes:
    page = next(p for p in sorted(REPORTS.glob("*.html")) if not p.name.startswith("bad"))
    html = decode_bytes(page.read_bytes(), html=True).replace("charset=gb2312", "charset=utf-8")
    at = html.find("行政许可")
    m = re.search(r">(\d+)<", html[at:])
    assert m is not None
    start = at + m.start(1)
    return (html[:start] + "9" * n_digits + html[start + len(m.group(1)) :]).encode()


def docx_with_big_cell(n_digits: int) -> bytes:
    source = next(p for p in sorted(REPORTS.glob("*.docx")) if not p.name.startswith("bad"))
    with zipfile.ZipFile(source) as z:
        xml = z.read("word/document.xml").decode()
        at = xml.find("行政许可")
        m = re.search(r"<w:t(?: [^>]*)?>(\d+)</w:t>", xml[at:])
        assert m is not None
        start = at + m.start(1)
        xml = xml[:start] + "9" * n_digits + xml[start + len(m.group(1)) :]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in z.infolist():
                body = xml if info.filename == "word/document.xml" else z.read(info)
                dst.writestr(info, body)
    return out.getvalue()


def text_quoting_pdf_header() -> bytes:
    """A text report that quotes ``%PDF-1.7`` in its first kilobyte."""
    lines = report_text().splitlines(keepends=True)
    return ("".join(lines[:2]) + "（附件原文件头：%PDF-1.7）\n" + "".join(lines[2:])).encode()


def slow_text(megabytes: int = 3) -> bytes:
    """Legitimate but slow to read (a second per MB or so): lines of digits."""
    return digits(megabytes)


def hostile_files(folder: Path) -> dict[str, str]:
    """Write every hostile file into ``folder``; name → the words its rejection must contain
    (empty: it must be read ok)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.docx").write_bytes(zip_bomb_docx())
    (folder / "bomb.pdf").write_bytes(pdf_bomb())
    huge_html(folder / "huge.html")
    (folder / "digits.txt").write_bytes(digits())
    (folder / "pdf_quoted.txt").write_bytes(text_quoting_pdf_header())
    (folder / "big_cell.txt").write_text(with_big_cell(report_text(), 5000), encoding="utf-8")
    (folder / "big_cell_400.txt").write_text(with_big_cell(report_text(), 400), encoding="utf-8")
    (folder / "big_cell_15.txt").write_text(with_big_cell(report_text(), 15), encoding="utf-8")
    (folder / "big_cell.html").write_bytes(html_with_big_cell(5000))
    (folder / "big_cell.docx").write_bytes(docx_with_big_cell(5000))
    return {
        "bomb.docx": "docx inflates to 2.9 GB (limit 200 MB)",
        "bomb.pdf": "PDF stream inflates to more than",
        "huge.html": "file is 200 MB (limit 100 MB)",
        "digits.txt": "txt file is 50 MB (limit 8 MB)",
        "pdf_quoted.txt": "",
        "big_cell.txt": "",
        "big_cell_400.txt": "",
        "big_cell_15.txt": "",
        "big_cell.html": "",
        "big_cell.docx": "",
    }
