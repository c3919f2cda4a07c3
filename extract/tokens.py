"""A Document's rows as one token stream: label text, cell values, blank cells, row breaks.

Every layout — tab rows, one cell per line, "label 0 0 0" lines, markdown pieces, a crawler's
single line with digits glued to labels, HTML/PDF grids — becomes the same stream, so the mapper
reads all of them the same way. The rules that decide what is a value:

- a fragment that is wholly a number (unit allowed), a mark, or empty is one value / blank;
- inside longer text, a number is a value unless a unit of prose follows it (2022年, 16 件,
  保留4位小数) or 第 precedes it; a digit run glued to an enumerated label ("00000002.其他…")
  gives its last digit back to the label;
- a covered grid position (merged cell) is nothing at all — not a blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from extract.labels import normalize_label
from extract.layout import Document
from extract.values import is_value_text, normalize_width

_SPACED_NUMBERS = re.compile(r"\d\s+[\d+\-]")

Kind = Literal["text", "value", "blank", "break"]


@dataclass(slots=True)
class Token:
    """One piece of the stream; ``text`` is as printed (normalised width), ``norm`` for matching."""

    kind: Kind
    text: str
    where: str
    norm: str = ""
    #: printed with no space against another value ("0无00"): where one cell ends is a guess
    glued: bool = False
    #: cells in the source row when it has several (a table row), else 0
    width: int = 0
    #: the characters printed, when they differ from ``text`` (full-width ``／``, ``１２``);
    #: always as long as ``text``: width normalisation maps one character to one
    raw: str = ""

    @property
    def printed(self) -> str:
        """The text as printed, character for character."""
        return self.raw or self.text


_PIECE_RE = re.compile(
    # a number; 本年增/减 may be worded (增3, 减7) and then starts a cell even against a digit
    r"(?P<num>(?:[增减](?=\d)|(?<![\d.])[+\-−]?)\d+(?:,\d{3})*(?:\.\d+)?)"
    r"|(?P<mark>(?<!\S)(?:/|\\|—+|-+|–|－|―|无|×)(?!\S)"
    # a mark glued to a number in run-together text ("0无0", "3—"): never part of a label
    r"|(?<=[\d/无—―\-])(?:无|—+|―|/|-)|(?:无|—+|―|/)(?=[\d/无—―])|-(?=[-/无—―])"
    # 无 right after a row label of 二 ("行政强制无第二十条"): labels never go on with 无
    r"|(?<=规章|文件|许可|处罚|强制|收费|采购|事项)无"
    # a mark closing a row, glued to the next row's label ("2 －（二）部分公开", "3 无四、结转")
    r"|(?<=\s)(?:/|—+|―|-|无)(?=[（(][一二三四五六七八九十]|[一二三四五六七八九十]、|\d[.、])"
    # a mark glued to the end of a row label, with the row's other cells after it ("总计/ 1 0")
    r"|(?<=[\u4e00-\u9fff）)])(?:/|—+|―|-|无)(?=\s+[\d/—―\-无]))"
)
_ANY_PIECE_RE = re.compile(r"\d|(?<!\S)(?:/|\\|—+|-+|–|－|―|无|×)(?!\S)")  # cheap pre-test
_PROSE_UNIT_RE = re.compile(
    r"\s*(?:年|月|日|位|件|条|个|号|%|％|次|项|期|场|人|万(?!元)|亿|天|家|名|岁|时|分|余|:\d|：)"
)
_ENUM_AFTER_RE = re.compile(r"[.．、)）](?=\s*[^\d\s.,，。;；、)）])")
#: a count unit closing a whitespace-delimited cell ("3件 0件"), unlike prose ("2023 年度")
_CELL_UNIT_RE = re.compile(r"(件|个|次|项|条|人)(?=\s|$)")
#: the same unit set off by a space ("0 项 0 项"), taken only before another number or the end
_SPACED_UNIT_RE = re.compile(r"\s(件|个|次|项|条)(?=\s+[+\-]?\d|\s*$)")
_MONEY_UNIT_RE = re.compile(r"\s*(?:万元|元)")
#: a footnote marker printed against a cell's number ("3*", "12※"): not part of the label
_FOOTNOTE_RE = re.compile(r"[*＊※]+")
#: a bracketed note inside a label ("（1+2=3+4）", "(注:第1项)"): its digits are label text
_NOTE_RE = re.compile(r"[（(][^（()）\n]*\d[^（()）\n]*[)）]")
_OPEN_BRACKETS = ("(", "（", "[", "【", "〔")
#: header words that number columns (数据1, 列2, 栏3): their digits are names, not cells
_COLUMN_WORDS = frozenset({"数据", "字段", "指标", "列", "栏"})


def _raw_of(value: str, text: str, raw: str, start: int) -> str:
    """The printed characters of a value found at ``start`` of the normalised ``text`` (the
    two have the same length: width normalisation maps one character to one)."""
    if not raw or raw == text:
        return ""
    piece = raw[start : start + len(value)]
    return piece if piece != value and text[start : start + len(value)] == value else ""


def _split_text(text: str, where: str, raw: str = "") -> list[Token]:
    """Tokens of a fragment that mixes label text and numbers (``raw``: as printed, same
    length as ``text``)."""
    out: list[Token] = []
    pos = 0

    def text_until(end: int) -> None:
        s = text[pos:end].strip()
        if s:
            out.append(Token("text", s, where, normalize_label(s)))

    notes = [n.span() for n in _NOTE_RE.finditer(text)] if "(" in text or "（" in text else []
    for m in _PIECE_RE.finditer(text):
        start, end = m.start(), m.end()
        if notes and any(a < start < b for a, b in notes):
            continue
        if m.group("num") is not None:
            digits = m.group("num")
            before = text[max(0, start - 1) : start]
            if (
                before == "第"
                or before in _OPEN_BRACKETS
                or (before.isascii() and before.isalpha())
                or text[max(0, start - 2) : start] in _COLUMN_WORDS
                or before in _COLUMN_WORDS
            ):
                continue
            counted = _CELL_UNIT_RE.match(text, end) or _SPACED_UNIT_RE.match(text, end)
            if counted and (start == 0 or text[start - 1].isspace()):
                end = counted.end()  # "规章 3件 0件 5件": a cell printed with its unit
                digits += counted.group(1)
            elif _PROSE_UNIT_RE.match(text, end):
                continue
            if _ENUM_AFTER_RE.match(text, end):
                body = digits.lstrip("+-−")
                if len(body) == 1 or not body.isdigit():
                    continue
                end -= 1  # the last digit enumerates the label that follows
                digits = digits[:-1]
            unit = _MONEY_UNIT_RE.match(text, end)
            if unit:
                end = unit.end()
                digits += unit.group().strip()
            value = digits
            footnote = _FOOTNOTE_RE.match(text, end)
            if footnote:
                end = footnote.end()
        else:
            value = m.group("mark")
        text_until(start)
        worded = value[0] in "增减"  # the word itself separates it from the cell before
        glued = start == pos and bool(out) and out[-1].kind == "value" and not worded
        if glued and not out[-1].glued:
            out[-1] = Token("value", out[-1].text, where, glued=True, raw=out[-1].raw)
        out.append(Token("value", value, where, glued=glued, raw=_raw_of(value, text, raw, start)))
        pos = end
    text_until(len(text))
    return out


_RUNNING_HEADER_RE = re.compile(r"^.{0,40}信息公开.{0,8}(?:年度报告|年报)\s*$")
_PROACTIVE_START = (
    "第二十条",
    "主动公开政府信息情况",
    # 二's column headers, for reports printing neither its heading nor 第二十条 titles
    "本年制发件数",
    "本年新制作数量",
    "本年处理决定数量",
    "上一年项目数量",
)
_REQUESTS_START = ("本年新收", "新收政府信息", "新收到政府信息")
#: 三's header above 本年新收, for reports printing 三 before 二
_TABLES_START = (*_PROACTIVE_START, "勾稽关系", "申请人情况", *_REQUESTS_START)
_TABLES_END = ("存在的主要问题", "其他需要报告")


@lru_cache(maxsize=64)
def any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern found in a text exactly when one of ``phrases`` is in it (one search in C
    instead of a generator testing each phrase)."""
    return re.compile("|".join(map(re.escape, phrases)))


_TABLES_START_RE = any_of(_TABLES_START)
_REQUESTS_START_RE = any_of(_REQUESTS_START)
_TABLES_END_RE = any_of(_TABLES_END)


def table_rows(doc: Document) -> list:
    """The rows from the first table marker to section 五/六 after 本年新收: prose is skipped."""
    rows = doc.rows
    texts = [r.text for r in rows]
    start, requests, end = _TABLES_START_RE.search, _REQUESTS_START_RE.search, _TABLES_END_RE.search
    lo = next((i for i, t in enumerate(texts) if start(t)), 0)
    body = next((i for i in range(lo, len(texts)) if requests(texts[i])), None)
    if body is None:
        return rows[lo:]
    hi = next(  # a heading (short row): prose may name 存在的主要问题 too
        (i + 1 for i in range(body + 1, len(texts)) if len(texts[i]) <= 40 and end(texts[i])),
        len(rows),
    )
    return rows[lo:hi]


def tokenize(doc: Document) -> list[Token]:
    """The tables part of a document as a token stream, a ``break`` after every multi-cell row."""
    toks: list[Token] = []
    append = toks.append
    for row in table_rows(doc):
        before = len(toks)
        cells = values = 0
        single = len(row.fragments) == 1
        for frag in row.fragments:
            if frag.covered:
                continue
            cells += 1
            raw = frag.text.strip()
            text = normalize_width(raw)
            if text == "":
                append(Token("blank", "", frag.where))
            elif (text.isascii() and text.isdigit()) or (
                is_value_text(text) and not _SPACED_NUMBERS.search(text)
            ):
                append(Token("value", text, frag.where, raw="" if raw == text else raw))
                values += 1
            elif single and _RUNNING_HEADER_RE.search(text):
                continue  # a page's running title inside a table: not a label, not a break
            elif not _ANY_PIECE_RE.search(text):
                append(Token("text", text, frag.where, normalize_label(text)))
            else:
                split = _split_text(text, frag.where, raw)
                values += sum(1 for t in split if t.kind == "value")
                toks.extend(split)
        if cells > 1:
            for t in toks[before:]:  # made above for this row alone: set in place, not copied
                t.width = cells
        if cells > 1 or values > 1 or (row.table is not None and values):
            toks.append(Token("break", "", ""))  # a table row ends its cells, even a 1-cell row
    return toks
