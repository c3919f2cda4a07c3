"""What kind of source a file is (pdf, docx, html, md, txt), or why it cannot be a report.

Magic bytes decide first (a ``.txt`` holding a saved web page is HTML, a ``.pdf`` that is really
a zip is not a PDF); the file name's suffix only breaks ties between plain-text kinds.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from extract.decode import _utf16_guess, decode_bytes

#: markup only a web page has; <br>/<p>/<div> alone also turn up in markdown and crawler text
_HTML_STRONG_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<table[\s>]", re.I)
_HTML_WEAK_RE = re.compile(r"<(?:div|p|span|br|meta|td|tr|font)[\s>/]", re.I)
_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)
_MD_RE = re.compile(r"^\s*(#{1,6}\s|\|.*\|\s*$)", re.MULTILINE)
#: a PDF's header at offset 0 (after a BOM or blank lines some servers add); ``%PDF-`` quoted
#: inside a text report is text, and a binary file with the header further in is still a PDF
_PDF_AT_START_RE = re.compile(rb"(?:\xef\xbb\xbf)?\s*%PDF-\d\.\d")
_PDF_HEADER_RE = re.compile(rb"%PDF-\d\.\d")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The verdict: a kind to read, or a one-line reason to reject."""

    kind: str | None
    reason: str | None = None


def _junk_share(text: str) -> float:
    """Share of characters that no report contains: controls and undecodable bytes."""
    if not text:
        return 1.0
    if not any(c in text for c in _JUNK_LIST):  # most texts: a fast search per character
        return 0.0  # is cheaper than the regex's class test on every character
    return len(_JUNK_CHARS.findall(text)) / len(text)


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_JUNK_CHARS = re.compile("[\ufffd\x00-\x08\x0e-\x1f\x7f]")
#: the characters :data:`_JUNK_CHARS` matches
_JUNK_LIST = tuple(chr(c) for c in (0xFFFD, *range(0x09), *range(0x0E, 0x20), 0x7F))


def _text_encoded(sample: bytes) -> bool:
    """False for bytes no text encoding produces: C0 controls (UTF-16/32 aside, they have NULs)."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_guess(sample):
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls / max(1, len(sample)) < 0.01


#: PNG, JPEG, and both byte orders of TIFF
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(data: bytes, name: str = "") -> Sniffed:
    """Decide the source kind of ``data`` (named ``name``) or give the reason it is rejected."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data or not data.strip():
        return Sniffed(None, "empty file")
    if _PDF_AT_START_RE.match(data):
        return Sniffed("pdf")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            if suffix == "docx":
                return Sniffed("docx")  # the docx reader names the damage (truncated …)
            return Sniffed(None, "damaged zip archive, not a readable document")
        if "word/document.xml" in names:
            return Sniffed("docx")
        return Sniffed(None, "zip archive that is not a Word document")
    if data.startswith(_IMAGE_MAGIC):
        return Sniffed("image")  # a scanned page (PNG, JPEG, TIFF): read by OCR
    if data.startswith(_OLE):
        if suffix == "docx":
            return Sniffed("docx")  # an encrypted docx is an OLE container; its reader says so
        return Sniffed(None, "legacy binary Office file (.doc/.xls) is not supported")
    sample = data[:65536]
    if not _text_encoded(sample):
        if _PDF_HEADER_RE.search(data[:1024]):
            return Sniffed("pdf")  # junk before the header: readers accept it, so do we
        return Sniffed(None, "binary data, not a text, web page, PDF or Word report")
    text = decode_bytes(sample, html=True, prefix=len(data) > len(sample))
    if _junk_share(text[:20000]) > 0.05:
        return Sniffed(None, "binary data, not a text, web page, PDF or Word report")
    head_text = text[:20000]
    if _HTML_STRONG_RE.search(head_text) or (
        len(_HTML_WEAK_RE.findall(head_text)) >= 10 and len(_PIPE_ROW_RE.findall(head_text)) < 5
    ):
        return Sniffed("html")
    if suffix in ("md", "markdown") or (suffix not in ("txt", "text") and _MD_RE.search(text)):
        return Sniffed("md")
    if suffix in ("htm", "html"):
        return Sniffed("html")
    if suffix in ("pdf", "docx"):
        return Sniffed(None, f"file named .{suffix} holds plain text, not a {suffix.upper()}")
    return Sniffed("txt")
