"""Cell text → number (单元格文本 → 数值): what a printed cell means, without guessing.

A blank cell and a mark ("/", "—", "无") are not zero: both give ``None`` and the printed text is
kept. Full-width digits, thousands separators, a unit inside the cell (251000元) and a sign
(本年增/减 may be negative) are read; anything else is not a number. Nor is a number with more
than :data:`MAX_INTEGER_DIGITS` integer digits: no statutory count or amount comes near it, the
warehouse's decimal cannot hold it, and a 5,000-digit run must cost its cell, not its report.
"""

from __future__ import annotations

import re
from functools import lru_cache

Number = int | float

#: integer digits a plausible cell may print (10^13 yuan is ten times China's GDP); longer runs
#: are not numbers, so the readers leave the cell out with a note instead of landing it
MAX_INTEGER_DIGITS = 13

#: full-width digits and punctuation → ASCII, no-break and ideographic spaces → space
_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋／＼　\u00a0\u2002\u2003\u2009\u202f",
    "0123456789.,-+/\\      ",
)
_WIDE_CHARS = "０１２３４５６７８９．，－＋／＼　\u00a0\u2002\u2003\u2009\u202f"
_WIDE_RE = re.compile(f"[{re.escape(_WIDE_CHARS)}]")


def replacements(table: dict[int, str | int | None]) -> tuple[tuple[str, str], ...]:
    """A ``str.maketrans`` table as (character, replacement) pairs for :func:`translate`.

    Only one-to-one tables where no replacement is itself replaced: then replacing one
    character after another gives what ``str.translate`` gives in one pass."""
    pairs = []
    for k, v in table.items():
        new = chr(v) if isinstance(v, int) else v
        if new is None or len(new) != 1:
            raise ValueError(f"not a one-to-one table: {chr(k)!r} → {new!r}")
        pairs.append((chr(k), new))
    sources = {char for char, _ in pairs}
    if any(new in sources for _, new in pairs):
        raise ValueError("a replacement is itself replaced: not a one-pass table")
    return tuple(pairs)


def translate(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``text.translate(table)`` for the ``pairs`` of :func:`replacements`: ``str.translate``
    on CJK text costs a dict lookup per character, ``str.replace`` a fast search per pair
    (25 times faster on a report's text)."""
    for char, new in pairs:
        if char in text:
            text = text.replace(char, new)
    return text


_WIDTH_PAIRS = replacements(_WIDTH)


def half_width(text: str) -> str:
    """``text.translate(_WIDTH)``, but a regex scan first: most text has nothing to map."""
    return translate(text, _WIDTH_PAIRS) if _WIDE_RE.search(text) else text


#: printed marks that stand for "nothing to report" (not a number, not blank)
def is_cjk(char: str) -> bool:
    """A Chinese character (CJK unified ideograph): a label's, never a number's or a mark's."""
    return "\u4e00" <= char <= "\u9fff"


#: print a scan shows but the recogniser could not read (U+FFFD): it holds its cell's place in
#: a row like a mark, and its cell is never landed (see ``extract.machine_read``)
UNREAD = "\ufffd"
MARKS = frozenset(
    {"/", "\\", "-", "--", "—", "——", "–", "－", "―", "无", "×", "空", "─", "━", UNREAD}
)

#: units publishers print inside a count or amount cell
_UNIT = r"(?:万元|元|件|个|次|项|条|宗|人次|人)"
_NUMBER_RE = re.compile(
    r"^(?P<sign>[+\-−增减])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?" + _UNIT + r"?$"
)


@lru_cache(maxsize=1 << 16)
def normalize_width(text: str) -> str:
    """Full-width digits/punctuation to ASCII and odd spaces to plain spaces (全角→半角)."""
    return translate(text, _WIDTH_PAIRS)


def squeeze(text: str) -> str:
    """Normalised cell text with every kind of whitespace removed."""
    return "".join(normalize_width(text).split())


def is_mark(text: str) -> bool:
    """A printed mark ("/", "—", "无" …) standing in a cell instead of a number."""
    return squeeze(text) in MARKS


def parse_number(text: str) -> Number | None:
    """The number a cell prints, or ``None`` when the text is not (only) a number."""
    s = squeeze(text)
    m = _NUMBER_RE.match(s)
    if m is None:
        return None
    digits = m.group("num").replace(",", "")
    if len(digits.lstrip("0")) > MAX_INTEGER_DIGITS:
        return None
    negative = m.group("sign") in ("-", "−", "减")
    if m.group("frac"):
        value: Number = float(digits + m.group("frac"))
    else:
        value = int(digits)
    return -value if negative else value


@lru_cache(maxsize=1 << 16)
def is_value_text(text: str) -> bool:
    """True when the text is a cell value: blank, a mark, or a number (with unit).

    Cached: asked of every label a table prints, and reports print the same labels."""
    s = squeeze(text)
    return s == "" or s in MARKS or _NUMBER_RE.match(s) is not None


@lru_cache(maxsize=1 << 16)
def cell_value(text: str) -> tuple[Number | None, str]:
    """(value, printed text) for a cell: blank and marks give ``None`` with the text kept."""
    if text.isascii() and text.isdigit() and len(text) <= MAX_INTEGER_DIGITS:
        return int(text), text
    kept = normalize_width(text).strip()
    if kept == "" or is_mark(kept):
        return None, kept
    return parse_number(kept), kept
