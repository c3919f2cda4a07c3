"""Where the three tables are in a token stream (表二 主动公开, 表三 依申请, 表四 复议诉讼).

Headings are unreliable (some exports drop them; prose in 一、总体情况 repeats their words), so
each table is found by what only the table prints: 第二十条 sub-table titles for 二, the
本年新收 row followed by numbers for 三, the 行政复议 header after 三's rows for 四.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.tokens import Token, any_of

_REQUEST_ANCHORS = ("勾稽关系", "申请人情况", "收到和处理政府信息公开申请")
#: the first row of 三 (一、本年新收政府信息公开申请数量; some print 新收到)
_NEW_RECEIVED = ("本年新收", "新收政府信息", "新收到政府信息")
_SECTION_FIVE = ("存在的主要问题", "改进情况", "其他需要报告")
#: column headers only 二's sub-tables print (when the 第二十条 titles and heading are missing)
_PROACTIVE_HEADERS = (
    "本年制发件数",
    "本年新制作数量",
    "本年处理决定数量",
    "上一年项目数量",
    "本年收费金额",
)


@dataclass(frozen=True, slots=True)
class Regions:
    """Token index ranges ``[start, end)`` of each table; ``None`` when the table is not found."""

    proactive: tuple[int, int] | None
    requests_header: tuple[int, int] | None
    requests: tuple[int, int] | None
    disputes: tuple[int, int] | None


def _first_text(
    toks: list[Token], lo: int, phrases: tuple[str, ...], prose: bool = True
) -> int | None:
    """The first text token from ``lo`` naming a phrase; ``prose=False`` skips sentences (a
    note under 三 that mentions 行政复议 is not 四's header)."""
    named = any_of(phrases).search
    for i in range(lo, len(toks)):
        t = toks[i]
        if t.kind == "text" and named(t.norm) and (prose or "。" not in t.norm):
            return i
    return None


def _first_wrapped(toks: list[Token], phrase: str) -> int | None:
    """The first text token where ``phrase`` starts, also when a line break cut it in two
    (第二十 / 条第（一）项)."""
    for i, t in enumerate(toks):
        if t.kind != "text":
            continue
        if phrase in t.norm:
            return i
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and nxt.kind == "text":
            joined = t.norm + nxt.norm
            at = joined.find(phrase)
            if 0 <= at < len(t.norm):
                return i
    return None


def _has_value_soon(toks: list[Token], i: int, within: int = 12) -> bool:
    for t in toks[i + 1 : i + 1 + within]:
        if t.kind == "value":
            return True
        if t.kind == "text" and len(t.norm) > 60:
            return False
    return False


def locate(toks: list[Token]) -> Regions:
    """Find the three tables; later tables are searched only after earlier ones."""
    # the earliest of 二's marks: a wrapped title (第二十 / 条第（一）项) hides the first 第二十条
    heading = next(
        (
            i
            for i, t in enumerate(toks)
            if t.kind == "text" and "主动公开政府信息情况" in t.norm and len(t.norm) < 40
        ),
        None,
    )
    marks = [
        _first_wrapped(toks, "第二十条"),
        _first_text(toks, 0, _PROACTIVE_HEADERS),
    ]
    found = [m for m in marks if m is not None]
    p_start = min(found) if found else heading
    if heading is not None and p_start is not None and heading < p_start:
        # the heading counts only when nothing but headings and titles stand between
        between = toks[heading + 1 : p_start]
        if not any(t.kind == "value" for t in between):
            p_start = heading
    lo = p_start or 0
    r_rows = _requests_rows(toks, lo)
    if r_rows is None and lo > 0:  # 三 printed before 二
        r_rows = _requests_rows(toks, 0)
    requests_header = None
    r_start = None
    if r_rows is not None:
        r_start = r_rows
        floor = lo if lo <= r_rows else 0
        for j in range(r_rows, max(floor, r_rows - 80) - 1, -1):
            t = toks[j]
            if t.kind == "text" and any(p in t.norm for p in _REQUEST_ANCHORS):
                r_start = j  # the earliest anchor: converters repeat the title below the header
        requests_header = (r_start, r_rows + 1)
    d_lo = r_rows + 1 if r_rows is not None else lo
    d_start = _first_text(toks, d_lo, ("行政复议", "行政诉讼"), prose=False)

    def end_of(start: int, *others: int | None) -> int:
        """A table ends where the next of the other tables starts (any order is printed)."""
        return min((o for o in others if o is not None and o > start), default=len(toks))

    proactive = None
    if p_start is not None:
        proactive = (p_start, end_of(p_start, r_start, d_start))
    requests = None
    if r_rows is not None:
        requests = (r_rows, end_of(r_rows, d_start, p_start))
    disputes = None
    if d_start is not None:
        end = _first_text(toks, d_start + 1, _SECTION_FIVE)
        disputes = (d_start, end_of(d_start, end, p_start, r_start))
    return Regions(proactive, requests_header, requests, disputes)


def _requests_rows(toks: list[Token], lo: int) -> int | None:
    """The 本年新收 row label of 三: the first one after ``lo`` with numbers soon after it."""
    i = lo
    while (i := _first_text(toks, i, _NEW_RECEIVED)) is not None:
        if _has_value_soon(toks, i):
            return i
        i += 1
    return None
