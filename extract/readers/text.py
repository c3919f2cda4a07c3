"""Plain text and markdown → :class:`~extract.layout.Document` (纯文本 / Markdown 读取).

Text reports come from many converters, so the reader keeps what structure a line has and drops
only what is certainly not content:

- a line with tabs between cells is a table row, one fragment per field (empty field = blank);
- a markdown pipe row is a table row, one fragment per cell; ``|---|`` rules are dropped;
- any other line is one fragment; in a one-cell-per-line export a whitespace-only line is a
  blank cell (an empty line only separates), so it becomes an empty fragment;
- page furniture — ``— 5 —``, ``- 5 -``, ``第 5 页``, ``5/12`` — is dropped.

Splitting "label 0 0 0" or run-together digits is left to the mapper, which knows the labels.
"""

from __future__ import annotations

import re

from extract.decode import decode_bytes
from extract.layout import Document, Fragment, Row, UnreadableSource

_PAGE_RE = re.compile(
    r"^\s*(?:[—–\-－―~]+\s*\d{1,4}\s*[—–\-－―~]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|<!--\s*page.*-->)\s*$"
)
_MD_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
#: a page-furniture line or a markdown rule, in one match
_DROPPED_RE = re.compile(f"(?:{_PAGE_RE.pattern})|(?:{_MD_RULE_RE.pattern})")
_MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
#: inline markup converters leave in markdown cells (<br>, <b>, &nbsp;)
_INLINE_MARKUP_RE = re.compile(
    r"<br\s*/?>|</?(?:b|i|u|strong|em|span|sup|sub)\b[^>]*>|&nbsp;", re.I
)


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def _clean(text: str) -> str:
    """Whitespace runs (no-break and ideographic spaces too: ``str.split`` splits on them) as
    one space."""
    return " ".join(text.split())


def read_text(data: bytes, kind: str = "txt") -> Document:
    """Read a text or markdown report; raises :class:`UnreadableSource` for an empty text."""
    text = decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n")
    text = _INLINE_MARKUP_RE.sub(" ", _BOOKMARK_RE.sub("", text))
    if not text.strip():
        raise UnreadableSource("empty text")
    lines = text.split("\n")
    # Tab rows: tabs *between* cells, not just an indent before one cell.
    inner_tabs = sum(1 for ln in lines if "\t" in ln.strip("\t \u00a0"))
    tab_rows = inner_tabs >= 5
    rows: list[Row] = []
    table, in_table = -1, False  # pipe tables, numbered as they come
    for number, line in enumerate(lines, start=1):
        where = f"line {number}"
        if line == "":
            continue
        if _DROPPED_RE.match(line):  # _PAGE_RE or _MD_RULE_RE
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            cells = _pipe_cells(stripped)
            table += not in_table
            in_table = True
            rows.append(Row([Fragment(_clean(c), where) for c in cells], table=table))
            continue
        in_table = False
        if tab_rows and "\t" in line.strip(" "):
            fields = line.rstrip("\n").split("\t")
            rows.append(Row([Fragment(_clean(f), where) for f in fields]))
            continue
        if _MD_HEADING_RE.match(line):
            line = _MD_HEADING_RE.sub("", line)
        rows.append(Row([Fragment(_clean(line), where)]))
    return Document(rows=rows, text=text, kind=kind)


def read_markdown(data: bytes) -> Document:
    """Read a markdown report (:func:`read_text` with the kind ``md``)."""
    return read_text(data, "md")
