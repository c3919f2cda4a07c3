"""Calendar dates as publishers print them, read into ISO strings (pure helpers for metadata).

Covers 2024-01-18, 2024/1/18, 2024.01.18, 2024年1月18日 (optionally followed by a time, which is
dropped) and dates in Chinese numerals, 二〇二四年一月十八日 (〇/零/○ for zero, 十/十一/二十/三十一).
"""

from __future__ import annotations

import datetime as dt
import re

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "0": 0,  # "二0二三年": an Arabic zero among Chinese digits
}
_CN_D = "〇零○Ｏ0O一二三四五六七八九"
_CN_N = "一二三四五六七八九十"

#: a numeric date; the separator between year and month decides the one between month and day
NUMERIC_DATE = (
    r"((?:19|20)\d{2})\s*(?:(?:[-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"
    r"|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
)
#: a date in Chinese numerals: 二〇二四年一月十八日
CN_DATE = rf"([{_CN_D}]{{4}})\s*年\s*([{_CN_N}]{{1,3}})\s*月\s*([{_CN_N}]{{1,4}})\s*日"
_CN_YEAR_RE = re.compile(rf"([{_CN_D}]{{4}})(?=\s*年)")


def cn_int(s: str) -> int | None:
    """一 → 1, 十 → 10, 十一 → 11, 二十 → 20, 三十一 → 31, 二〇二四 → 2024; ``None`` if not a number."""
    if not s:
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        t = _CN_DIGIT.get(tens) if tens else 1
        o = _CN_DIGIT.get(ones) if ones else 0
        return None if t is None or o is None else t * 10 + o
    if any(c not in _CN_DIGIT for c in s):
        return None
    return int("".join(str(_CN_DIGIT[c]) for c in s))


def iso_date(y: int | None, m: int | None, d: int | None) -> str | None:
    """ISO date when (y, m, d) is a real calendar day in a plausible range, else ``None``."""
    if y is None or m is None or d is None or not 1990 <= y <= 2100:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def date_from_match(m: re.Match[str], first_group: int = 1) -> str | None:
    """ISO date from a match of ``NUMERIC_DATE | CN_DATE`` whose groups start at ``first_group``."""
    g = [m.group(first_group + i) for i in range(8)]
    if g[0]:
        month, day = (g[1], g[2]) if g[1] else (g[3], g[4])
        return iso_date(int(g[0]), int(month), int(day))
    if g[5]:
        return iso_date(cn_int(g[5]), cn_int(g[6]), cn_int(g[7]))
    return None


def arabic_years(s: str) -> str:
    """二〇二三年 / 二零二三年 → 2023年, so a title's year reads like any other."""

    def year(m: re.Match[str]) -> str:
        n = cn_int(m.group(1))
        return str(n) if n is not None and 1990 <= n <= 2100 else m.group(1)

    return _CN_YEAR_RE.sub(year, s)
