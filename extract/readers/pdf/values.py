"""What a number cell looks like (a count, or a blank mark such as / or 无) and how a row's label
opens (its enumerator); shared by the ruled and unruled table readers.
"""

from __future__ import annotations

import re

_MARKS = {"/", "／", "-", "－", "—", "——", "–", "无", "\\"}
_NUMBER = re.compile(r"^[-－+]?[\d０-９][\d０-９,，.．]*\s*(?:万元|元|%|％)?$")
#: how a row's label opens: （一） 1. 一、 第二十条第（五）项
_ROW_START = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]"
    r"|第[一二三四五六七八九十百\d]{1,4}[条项])"
)


def _is_value(text: str) -> bool:
    return text in _MARKS or bool(_NUMBER.match(text))
