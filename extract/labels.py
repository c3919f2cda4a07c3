"""Row and column labels of the three tables, and how printed labels are matched to keys.

Printed labels vary: （） vs (), 1. vs 1、, “” vs "", 社会组织 for 社会公益组织, OCR slips (预期 for
逾期), long parenthetical notes, labels wrapped over several lines or split across cells. So a
label is matched by a short distinctive phrase that survives all of these, on text with brackets,
quotes and whitespace normalised; the latest phrase in a label's context wins (a group heading
such as （六）其他处理 precedes its sub-item).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.values import half_width, replacements, translate

_BRACKETS = str.maketrans(
    {
        "(": "（",
        ")": "）",
        "[": "（",
        "]": "）",
        "【": "（",
        "】": "）",
        '"': "“",
        "”": "“",
        "‘": "“",
        "’": "“",
        "'": "“",
        "．": ".",
        "，": ",",
        "：": ":",
    }
)

_BRACKET_PAIRS = replacements(_BRACKETS)

#: OCR / typing slips seen in published reports, fixed before matching
_SLIPS = (("预期", "逾期"), ("社会组织", "社会公益组织"), ("公益公益", "公益"))


def label_spelling(text: str) -> str:
    """Text in the canonical spelling of labels: ASCII digits, （）, “”, no whitespace, slips
    fixed. Not cached: for a text of any length, such as a whole report's (which is unique to
    its report: caching it kept every report's text in a worker, 14 KB a file, and slowed a
    national year's extraction by a fifth)."""
    s = translate("".join(half_width(text).split()), _BRACKET_PAIRS)
    for wrong, right in _SLIPS:
        s = s.replace(wrong, right)
    return _ENUM.sub(r"\1.", s)


@lru_cache(maxsize=1 << 16)
def normalize_label(text: str) -> str:
    """:func:`label_spelling` of a label or a cell: short texts that repeat across reports."""
    return label_spelling(text)


_ENUM = re.compile(r"(?<![\d.])(\d)、")


# --- the requests table (三、收到和处理政府信息公开申请情况) ---------------------------------

#: every requests row key of either template, in printed order (（六） has both versions' rows)
REQUEST_ROW_ORDER = (
    "new_received",
    "carried_in",
    "granted",
    "partial",
    "deny_state_secret",
    "deny_law_forbidden",
    "deny_security_stability",
    "deny_third_party",
    "deny_internal_affairs",
    "deny_process_info",
    "deny_enforcement_file",
    "deny_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "np_petition",
    "np_duplicate",
    "np_publication",
    "np_mass_repeat",
    "np_confirm_reissue",
    "other",
    "other_no_correction",
    "other_fee_unpaid",
    "other_other",
    "result_total",
    "carried_out",
)

_ONLY_2019 = frozenset({"other"})
_ONLY_2021 = frozenset({"other_no_correction", "other_fee_unpaid", "other_other"})


def request_rows_for(template: str) -> tuple[str, ...]:
    """The requests rows a template prints, in order."""
    drop = _ONLY_2021 if template == "2019" else _ONLY_2019
    return tuple(r for r in REQUEST_ROW_ORDER if r not in drop)


#: (phrase regex, row keys it can mean); several keys = the phrase alone cannot decide
_REQUEST_PATTERNS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (p, frozenset(k.split("|")))
    for p, k in (
        (r"本年新收|新收(?:到)?政府信息", "new_received"),
        (r"上年结转", "carried_in"),
        (r"予以公开", "granted"),
        (r"部分公开", "partial"),
        (r"国家秘密", "deny_state_secret"),
        (r"法律行政法规禁止|行政法规禁止公开", "deny_law_forbidden"),
        (r"三安全一稳定|危及“?三安全", "deny_security_stability"),
        (r"第三方合法权益|保护第三方", "deny_third_party"),
        (r"内部事务", "deny_internal_affairs"),
        (r"过程性信息", "deny_process_info"),
        (r"执法案卷", "deny_enforcement_file"),
        (r"行政查询", "deny_admin_query"),
        (r"不掌握", "unable_not_held"),
        (r"另行制作|没有现成信息", "unable_needs_creation"),
        (r"仍不明确|补正后申请内容", "unable_unclear"),
        (r"信访|举报投诉", "np_petition"),
        (r"重复申请", "np_duplicate"),
        (r"公开出版物", "np_publication"),
        (r"大量反复|反复申请", "np_mass_repeat"),
        (r"重新出具|确认或重新", "np_confirm_reissue"),
        (r"其他处理", "other"),
        (r"逾期不补正|无正当理由逾期", "other_no_correction"),
        (r"收费通知|缴纳费用|未按收费", "other_fee_unpaid"),
        (r"不再处理其政府信息", "other_no_correction|other_fee_unpaid"),
        (r"(?:^|\d\.?|）)其他(?!处理|法律|对外|结果|组织|情形|需要|事项)", "other_other"),
        (r"总计", "result_total"),
        (r"结转下年度|下年度继续办理", "carried_out"),
    )
)
_REQUEST_RES = tuple((re.compile(p), keys) for p, keys in _REQUEST_PATTERNS)


# --- the proactive table (二、主动公开政府信息情况) ---------------------------------------

_PROACTIVE_RES = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"规章", "rules"),
        (r"规范性文件|行政规范性?|规范性", "normative_docs"),
        (r"行政许可", "licensing"),
        (r"其他对外管理服务|其他对外管理|对外管理服务", "other_services"),
        (r"行政处罚", "penalty"),
        (r"行政强制", "coercion"),
        (r"事业性收费|行政事业性?收?", "fees"),
        (r"集中采购|政府集中", "procurement"),
    )
)

#: header phrases of each template's proactive columns (documents; items and fees)
_DOCS_2019 = re.compile(r"新制作|新公开|对外公开总")
_DOCS_2021 = re.compile(r"本年制发|本年废止|现行有效")
_ITEMS_2019 = re.compile(r"上一年项目|本年增")
_ITEMS_2021 = re.compile(r"本年处理决定|收费金额")


#: columns of each proactive row, per template version (本年增/减 is ``change``)
PROACTIVE_COLUMNS = {
    "2019": {
        "rules": ("new_made", "new_published", "total_published"),
        "normative_docs": ("new_made", "new_published", "total_published"),
        "licensing": ("prev_year_items", "change", "decisions"),
        "other_services": ("prev_year_items", "change", "decisions"),
        "penalty": ("prev_year_items", "change", "decisions"),
        "coercion": ("prev_year_items", "change", "decisions"),
        "fees": ("prev_year_items", "change"),
        "procurement": ("items", "amount"),
    },
    "2021": {
        "rules": ("issued", "repealed", "in_force"),
        "normative_docs": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount_wan_yuan",),
    },
}


def _last(rx: re.Pattern[str], text: str) -> int:
    return max((m.start() for m in rx.finditer(text)), default=-1)


def proactive_version(row: str, header_text: str, template: str) -> str:
    """Which version's columns a proactive row has: the latest sub-table header above it decides."""
    if row in ("other_services", "procurement"):
        return "2019"
    old, new = (
        (_DOCS_2019, _DOCS_2021)
        if row in ("rules", "normative_docs")
        else (_ITEMS_2019, _ITEMS_2021)
    )
    p_old, p_new = _last(old, header_text), _last(new, header_text)
    if p_old == p_new:
        return template
    return "2019" if p_old > p_new else "2021"


#: a row's own label sits at the end of its context; earlier text is headings and prose
_LABEL_WINDOW = 160


def _latest(regexes, text: str):
    """The key of the phrase that starts last; an ambiguous phrase defers to a nearby precise one."""
    text = text[-_LABEL_WINDOW:]
    hits = sorted((m.start(), i) for i, (rx, _) in enumerate(regexes) for m in rx.finditer(text))
    if not hits:
        return None
    pos, i = hits[-1]
    key = regexes[i][1]
    if isinstance(key, frozenset) and len(key) > 1:
        for p, j in reversed(hits[:-1]):
            other = regexes[j][1]
            if pos - p > 40:
                break
            if other < key:
                return other
    return key


def match_request_row(context: str) -> frozenset[str] | None:
    """Row keys the latest requests-row phrase in a (normalised) label context can mean."""
    return _request_row(context[-_LABEL_WINDOW:])


@lru_cache(maxsize=1 << 14)
def _request_row(text: str) -> frozenset[str] | None:
    """Cached: the template's labels repeat across reports, so most contexts are seen before."""
    return _latest(_REQUEST_RES, text)


def _all_rows(regexes, text: str) -> list:
    """Every row phrase in ``text``, in printed order; an ambiguous phrase close after a precise
    one it could mean is the same label (逾期不补正…不再处理其政府信息)."""
    hits = sorted((m.start(), i) for i, (rx, _) in enumerate(regexes) for m in rx.finditer(text))
    out: list[tuple[int, object]] = []
    for pos, i in hits:
        key = regexes[i][1]
        if out and out[-1][1] == key:
            continue
        if (
            out
            and isinstance(key, frozenset)
            and len(key) > 1
            and pos - out[-1][0] <= 40
            and isinstance(out[-1][1], frozenset)
            and out[-1][1] < key
        ):
            continue
        out.append((pos, key))
    return [k for _, k in out]


@lru_cache(maxsize=1 << 12)
def request_rows_in(context: str) -> tuple[frozenset[str], ...]:
    """Every requests-row label a (normalised) label block names, in order: a converter that
    detaches labels from their numbers prints several labels in one block."""
    return tuple(_all_rows(_REQUEST_RES, context))


@lru_cache(maxsize=1 << 12)
def proactive_rows_in(context: str) -> tuple[str, ...]:
    """Every proactive-row label a (normalised) label block names, in order."""
    return tuple(_all_rows(_PROACTIVE_RES, context))


def is_proactive_label(context: str) -> bool:
    """Whether the context ends in a table label (行政许可, 其他对外管理服务事项, 规章（件）),
    not in prose that names the row ("公开行政许可信息")."""
    text = context[-_LABEL_WINDOW:]
    ends = [m.end() for rx, _ in _PROACTIVE_RES for m in rx.finditer(text)]
    if not ends:
        return False
    tail = text[max(ends) :]
    return tail in ("", "事项") or tail.startswith("（")


def match_proactive_row(context: str) -> str | None:
    """The proactive row the latest row phrase in a (normalised) label context names."""
    return _proactive_row(context[-_LABEL_WINDOW:])


@lru_cache(maxsize=1 << 14)
def _proactive_row(text: str) -> str | None:
    return _latest(_PROACTIVE_RES, text)


# --- template version (国办公开办函〔2019〕60号 vs 〔2021〕30号) ---------------------------

_V2019 = re.compile(
    r"本年新制作|本年新公开|对外公开总数|上一年项目数|采购项目数|其他对外管理服务"
    r"|其他处理[0-9/—\-](?![.、])"  # （六）其他处理 printed with its own numbers: the single 2019 row
)
_V2021 = re.compile(r"本年制发件数|本年废止件数|现行有效件数|本年收费金额|逾期不补正|缴纳费用")


def template_votes(text: str) -> tuple[int, int]:
    """(2019 evidence, 2021 evidence) counted from table labels in normalised text."""
    return len(_V2019.findall(text)), len(_V2021.findall(text))
