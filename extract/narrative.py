"""The report's prose (正文) and the headline numbers it states (总体情况中的数字陈述).

Pure functions over a :class:`~extract.layout.Document` as the readers produce it; the tables are
read elsewhere (``tokens`` / ``mapping``) and nothing here changes them. Two uses:

- **statements** for X-01 (正文与表格不一致): every count printed in the prose (a number with a
  count unit: 件, 条, 起 …) is one :class:`Statement`. A statement is mapped to template cells only
  when its wording names one quantity unambiguously (``共收到政府信息公开申请56件`` →
  ``requests.new_received.total``); every other count is kept unmapped, counted, never guessed.
  A quantity the template splits over several cells (行政诉讼 = 未经复议直接起诉 + 复议后起诉) names
  them all and is compared with their sum.
- **comparable text** for S-04 (内容雷同): the prose with numbers, dates, names and the template's
  headings taken out, so a report copied with only its numbers and name changed reads the same.

Prose is what lies outside the tables: the rows before the first table and after 四's end (the
heading of 五), wrapped lines joined back into paragraphs and cut into sentences. A scanned page
read by OCR carries no prose (the recogniser reads table cells only), so it states nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.layout import Document
from extract.model import Statement
from extract.tokens import _TABLES_END_RE, any_of
from extract.values import UNREAD, half_width

#: words only the tables print (a sentence holding one is table text, not prose)
TABLE_WORDS = (
    "第二十条",
    "勾稽关系",
    "申请人情况",
    "本年制发件数",
    "本年新制作数量",
    "本年处理决定数量",
    "结果维持",
    "本年新收政府信息公开申请数量",
    "法律服务机构",
)
#: count units: a number followed by one of these is a stated count (not a year, date or rate)
COUNT_UNIT = r"(?:人次|件|条|个|次|项|起|宗|篇|期|场|家|份|人|批)"
_COUNT_RE = re.compile(rf"(?<![\d.])(\d+){COUNT_UNIT}")
_SENTENCE_END = "。！？；!?;"
#: a sentence ends at its punctuation; a section heading starts a new piece even when a crawler
#: ran the whole page into one line
_SPLIT_RE = re.compile(
    r"(?<=[。！？；!?;])|(?=[一二三四五六]\s*[、.．]\s*(?:总体情况|主动公开政府信息|收到和处理"
    r"|政府信息公开行政复议|(?:政府信息公开工作)?存在的?主要问题|其他需要报告))"
)
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
#: a wrapped line is joined to the next one when it is at least this long (a heading is shorter)
_WRAP_MIN = 15

_REQ = "requests"
_DENY = (
    "deny_state_secret", "deny_law_forbidden", "deny_security_stability", "deny_third_party",
    "deny_internal_affairs", "deny_process_info", "deny_enforcement_file", "deny_admin_query",
)  # fmt: skip
_UNABLE = ("unable_not_held", "unable_needs_creation", "unable_unclear")
_NOT_PROCESSED = (
    "np_petition", "np_duplicate", "np_publication", "np_mass_repeat", "np_confirm_reissue",
)  # fmt: skip


def _totals(table: str, *rows: str) -> tuple[str, ...]:
    return tuple(f"{table}.{r}.total" for r in rows)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A headline quantity the prose states: its name, the template cells whose sum it is (none
    when the template has no cell for it), how a reviewer reads it, and its wordings."""

    name: str
    cells: tuple[str, ...]
    label_zh: str
    pattern: re.Pattern[str]


def _q(name: str, cells: tuple[str, ...], label_zh: str, pattern: str) -> Quantity:
    return Quantity(name, cells, label_zh, re.compile(pattern))


_N = r"(?:共计|总计|合计|共|计|为|达)*(?P<n>\d+)"
#: what was received: applications (…申请), or 依申请公开 (事项) on its own
_APPLICATIONS = (
    r"(?:(?:政府信息公开|依申请(?:信息)?公开|信息公开)?(?:的)?申请(?:事项)?"
    r"|依申请(?:信息)?公开(?:事项)?)"
)

#: The quantities a statement may be mapped to, tried in this order on each clause (a wording
#: that contains another — 予以公开及部分公开 — comes first). The one place that says which
#: wording means which cells.
QUANTITIES: tuple[Quantity, ...] = (
    _q("granted_or_partial", _totals(_REQ, "granted", "partial"), "三（一）予以公开+（二）部分公开",
       rf"予以公开(?:和|及|与|、|或)部分公开(?:的)?{_N}件"),
    _q("denied", _totals(_REQ, *_DENY), "三（三）不予公开",
       rf"不予公开(?:的)?{_N}件"),
    _q("partial", _totals(_REQ, "partial"), "三（二）部分公开",
       rf"(?<![和及与、或])部分公开(?:的)?{_N}件"),
    _q("granted", _totals(_REQ, "granted"), "三（一）予以公开",
       rf"(?<!不)予以公开(?:的)?{_N}件"),
    _q("unable", _totals(_REQ, *_UNABLE), "三（四）无法提供",
       rf"无法提供(?:的)?{_N}件"),
    _q("not_processed", _totals(_REQ, *_NOT_PROCESSED), "三（五）不予处理",
       rf"不予处理(?:的)?{_N}件"),
    _q("carried_in", _totals(_REQ, "carried_in"), "二、上年结转",
       rf"上年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?{_N}件"),
    _q("carried_out", _totals(_REQ, "carried_out"), "四、结转下年度继续办理",
       rf"结转(?:至|到)?下(?:一)?年度?(?:继续)?(?:办理)?(?:的)?(?:申请)?{_N}件"),
    _q("completed", _totals(_REQ, "result_total"), "三（七）总计",
       rf"办结(?:政府信息公开)?(?:申请)?{_N}件"),
    _q("received", _totals(_REQ, "new_received"), "一、本年新收",
       rf"(?:新收|收到|受理|接收|接到)(?:了)?(?:各类)?{_APPLICATIONS}{_N}件"),
    _q("review", _totals("disputes", "review"), "行政复议",
       rf"(?<!诉讼[和及、与])行政复议(?:案件)?(?:申请)?{_N}(?:件|起|宗)"),
    _q("litigation", _totals("disputes", "litigation_direct", "litigation_after_review"),
       "行政诉讼（直接起诉+复议后起诉）",
       rf"(?<!复议[和及、与])行政诉讼(?:案件)?{_N}(?:件|起|宗)"),
    _q("proactive_published", (), "主动公开政府信息",
       rf"主动公开(?:各类)?(?:政府信息|信息)(?:共计|共|总计)?{_N}条"),
)  # fmt: skip

#: a count that is the quantity plus something else (收到…75件（含上年结转1件）): never mapped
_INCLUDES_RE = re.compile(r"[（(]?(?:含|包括|其中含)上年")


@dataclass(slots=True)
class Narrative:
    """The prose of a report (sentences in order) and the counts it states."""

    sentences: list[tuple[str, str]] = field(default_factory=list)  # (text, where)
    statements: list[Statement] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(s for s, _ in self.sentences)


def _is_table_row(row) -> bool:
    return row.table is not None or len(row.fragments) > 1


#: kinds whose lines may be a paragraph wrapped at the page's width (a web page or Word file
#: keeps each paragraph whole)
_WRAPPING_KINDS = frozenset({"txt", "md", "pdf"})


def _paragraphs(doc: Document) -> list[tuple[str, str, bool]]:
    """(text, where, in a table) per paragraph: wrapped prose lines joined back together."""
    wraps = doc.kind in _WRAPPING_KINDS
    out: list[tuple[str, str, bool]] = []
    open_text, open_where = "", ""
    for row in doc.rows:
        text = " ".join(half_width(row.text).split())
        if any("(OCR)" in f.where for f in row.fragments) or UNREAD in text:
            continue  # a scan's print: the recogniser reads table cells, never prose
        if _is_table_row(row):
            if open_text:
                out.append((open_text, open_where, False))
                open_text = ""
            out.append((text, row.fragments[0].where if row.fragments else "", True))
            continue
        if not text:
            continue
        if not open_text:
            open_text, open_where = text, row.fragments[0].where
        else:
            open_text += text
        if not wraps or len(text) < _WRAP_MIN or text[-1] in _SENTENCE_END + "：:":
            out.append((open_text, open_where, False))
            open_text = ""
    if open_text:
        out.append((open_text, open_where, False))
    return out


_TABLE_WORD_RE = any_of(TABLE_WORDS)


def _is_table_text(piece: str) -> bool:
    """A piece of a table printed as text: it names a table word and is no sentence (a title or
    label never ends with 。), or it names several (a crawler's run of labels and numbers)."""
    if not _TABLE_WORD_RE.search(piece):  # most sentences: no table word at all
        return False
    named = sum(1 for w in TABLE_WORDS if w in piece)
    return named >= 2 or (named == 1 and piece[-1] not in _SENTENCE_END)


def prose(doc: Document) -> list[tuple[str, str]]:
    """The sentences outside the tables, as (text, where): those before the first table and
    those after the heading that ends 四 (五、存在的主要问题 / 六、其他需要报告). A table row is
    never prose; the tables start at the first piece naming a table word (a page's metadata
    table above the report does not)."""
    units: list[tuple[str, str, bool, bool]] = []  # text, where, is prose, names a table word
    for text, where, in_table in _paragraphs(doc):
        if in_table:
            units.append((text, where, False, _TABLE_WORD_RE.search(text) is not None))
            continue
        for piece in _SPLIT_RE.split(text):
            piece = piece.strip()
            if piece:
                table = _is_table_text(piece)
                units.append((piece, where, not table, table))
    first = next((i for i, u in enumerate(units) if u[3]), None)
    if first is None:
        return [(t, w) for t, w, is_prose, _ in units if is_prose]
    end = next(
        (i for i in range(first, len(units)) if _TABLES_END_RE.search(units[i][0])),
        len(units),
    )
    return [(t, w) for t, w, is_prose, _ in (*units[:first], *units[end:]) if is_prose]


def _squash(text: str) -> str:
    """Spaces out, thousands separators out: ``1,295 件`` → ``1295件``."""
    return _THOUSANDS_RE.sub("", "".join(half_width(text).split()))


def statements_in(sentence: str, where: str) -> list[Statement]:
    """Every count in one sentence, mapped where a quantity's wording claims it."""
    s = _squash(sentence)
    if _COUNT_RE.search(s) is None:  # no count at all (most sentences): nothing to claim
        return []
    claimed: dict[int, Quantity] = {}  # start of the number → quantity
    spans: list[tuple[int, int]] = []
    for q in QUANTITIES:
        for m in q.pattern.finditer(s):
            start, end = m.span("n")
            if any(a < end and start < b for a, b in spans):
                continue
            spans.append((start, end))
            unit_end = m.end()
            if q.name == "received" and _INCLUDES_RE.match(s, unit_end):
                continue  # received plus carried over: not one cell's number
            claimed[start] = q
    out = []
    for m in _COUNT_RE.finditer(s):
        q = claimed.get(m.start(1))
        number, clause = int(m.group(1)), _clause(s, m.start(1))
        if q is None:
            out.append(Statement(number, clause, where))
        else:
            out.append(Statement(number, clause, where, q.name, list(q.cells)))
    return out


_CLAUSE_BREAKS = "，,；;。：:、！？!?"


def _clause(s: str, at: int) -> str:
    """The clause of ``s`` around position ``at`` (between commas, semicolons, 、 …), at most
    40 characters before the number and 20 from it: what a reviewer reads as the statement (``共收到政府信息公开申请56件``)."""
    start = max((s.rfind(c, 0, at) for c in _CLAUSE_BREAKS), default=-1) + 1
    ends = [i for i in (s.find(c, at) for c in _CLAUSE_BREAKS) if i >= 0]
    end = min(ends, default=len(s))
    return s[max(start, at - 40) : min(end, at + 20)]


def read_narrative(doc: Document) -> Narrative:
    """The prose of ``doc`` and the counts it states."""
    sentences = prose(doc)
    found = [st for text, where in sentences for st in statements_in(text, where)]
    return Narrative(sentences, found)


# ----------------------------------------------------------------------------- S-04 text

_BOOK_TITLE_RE = re.compile(r"《[^》]{0,60}》")
_NOT_CJK_RE = re.compile(r"[^\u4e00-\u9fff]+")
#: a sentence shorter than this (in Chinese characters, once names are out) is a heading, a
#: signature or a title: the template's furniture, not the report's own words
MIN_SENTENCE_CJK = 16
_SUFFIXES = ("省", "市", "县", "区", "旗", "自治区", "自治州", "自治县")


def _name_forms(names: list[str | None]) -> list[str]:
    """Each name and its short form (沭阳县 → 沭阳), longest first so the longest goes first."""
    forms: set[str] = set()
    for name in names:
        if not name:
            continue
        forms.add(name)
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                forms.add(name[: -len(suffix)])
    return sorted(forms, key=len, reverse=True)


def comparable_text(sentences: list[str], names: list[str | None]) -> str:
    """The prose as S-04 compares it: the report's own agency and place names, book titles
    (《条例》…), numbers, dates and punctuation out, headings and other short lines dropped —
    what is left is the report's own wording, which a copy keeps."""
    forms = _name_forms(names)
    kept = []
    for sentence in sentences:
        s = _BOOK_TITLE_RE.sub("", sentence)
        for form in forms:
            s = s.replace(form, "")
        s = _NOT_CJK_RE.sub("", s)
        if len(s) >= MIN_SENTENCE_CJK:
            kept.append(s)
    return "".join(kept)
