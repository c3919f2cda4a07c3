"""Where the three tables are in a token stream (表二 主动公开, 表三 依申请, 表四 复议诉讼).

Headings are unreliable (some exports drop them; prose in 一、总体情况 repeats their words), so
each table is found by what only the table prints: 第二十条 sub-table titles for 二, the
本年新收 row followed by numbers for 三, the 行政复议 header after 三's rows for 四.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.tokens import Token

_REQUEST_ANCHORS = ("勾稽关系", "申请人情况", "收到和处理政府信息公开申请")
#: the first row of 三 (一、本年新收政府信息公开申请数量; some print 新收到)
_NEW_RECEIVED = ("本年新收", "新收政府信息", "新收到政府信息")
_SECTION_FIVE = ("存在的主要问题", "改进情况", "其他需要报告")


@dataclass(frozen=True, slots=True)
class Regions:
    """Token index ranges ``[start, end)`` of each table; ``None`` when the table is not found."""

    proactive: tuple[int, int] | None
    requests_header: tuple[int, int] | None
    requests: tuple[int, int] | None
    disputes: tuple[int, int] | None


def _first_text(toks: list[Token], lo: int, phrases: tuple[str, ...]) -> int | None:
    for i in range(lo, len(toks)):
        t = toks[i]
        if t.kind == "text" and any(p in t.norm for p in phrases):
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
    p_start = _first_text(toks, 0, ("第二十条",))
    if p_start is None:
        p_start = next(
            (
                i
                for i, t in enumerate(toks)
                if t.kind == "text" and "主动公开政府信息情况" in t.norm and len(t.norm) < 40
            ),
            None,
        )
    lo = p_start or 0
    r_rows = None
    i = lo
    while (i := _first_text(toks, i, _NEW_RECEIVED)) is not None:
        if _has_value_soon(toks, i):
            r_rows = i
            break
        i += 1
    requests_header = None
    if r_rows is not None:
        r_start = r_rows
        for j in range(r_rows, max(lo, r_rows - 80) - 1, -1):
            t = toks[j]
            if t.kind == "text" and any(p in t.norm for p in _REQUEST_ANCHORS):
                r_start = j  # the earliest anchor: converters repeat the title below the header
        requests_header = (r_start, r_rows + 1)
    else:
        r_start = None
    proactive = None
    if p_start is not None:
        proactive = (p_start, r_start if r_start is not None else len(toks))
    d_lo = r_rows + 1 if r_rows is not None else lo
    d_start = _first_text(toks, d_lo, ("行政复议", "行政诉讼"))
    requests = None
    if r_rows is not None:
        requests = (r_rows, d_start if d_start is not None else len(toks))
    disputes = None
    if d_start is not None:
        end = _first_text(toks, d_start + 1, _SECTION_FIVE)
        disputes = (d_start, end if end is not None else len(toks))
    return Regions(proactive, requests_header, requests, disputes)
