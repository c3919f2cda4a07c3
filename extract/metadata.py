"""Report metadata from the text: agency as printed, year, publication date, 索引号, sections.

The title carries agency and year in either order ("X局2022年政府信息公开工作年度报告",
"2025 年上海市人民政府办公厅政府信息公开工作年度报告") and is often wrapped over two lines.
Region comes from the agency name via ``cpca`` (its national division table), never from a
hand-typed list; anything the report does not state stays ``None``.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from functools import lru_cache

from extract.dates import CN_DATE, NUMERIC_DATE, arabic_years, date_from_match
from extract.model import ReportMeta
from extract.values import UNREAD, half_width

#: the subject of the title: 政府信息公开工作年度报告, 政务公开工作年度报告, 信息公开年报,
#: 政府信息公开工作情况的报告 (as in "关于…的报告")
_SUBJECT = (
    r"(?:政府信息|政务信息|政务|信息)公开(?:工作)?(?:年度)?(?:工作)?(?:情况)?的?(?:报告|年报)"
)
_TITLE_RE = re.compile(
    r"(?P<a1>[^\d,，。:：;；!！?？《》>＞»›→/|]*?)(?P<y>(?:19|20)\d{2})年度?"
    rf"(?P<a2>[^\d,，。:：;；!！?？《》]*?){_SUBJECT}"
)
#: a bare "某局2023年度报告" / "2023年度某局工作年度报告", only when it is the whole line
_BARE_TITLE_RE = re.compile(
    r"^(?P<a1>[^\d,，。:：;；!！?？《》>/|]{2,30}?)(?P<y>(?:19|20)\d{2})年度?(?:工作)?(?:年度)?报告$"
    r"|^(?P<y2>(?:19|20)\d{2})年度?(?P<a2>[^\d,，。:：;；!！?？《》>/|]{2,30}?)(?:工作)?年度报告$"
)
#: "X局政府信息公开工作2023年度报告", "X局2023年政府信息公开年报": year after the subject
_TITLE_LATE_YEAR_RE = re.compile(
    r"(?P<a1>[^\d,，。:：;；!！?？()（）《》>/|]*?)(?:政府|政务)?(?:信息|政务)公开(?:工作)?"
    r"(?P<y>(?:19|20)\d{2})年度?(?:工作)?报告"
    r"|(?P<a2>[^\d,，。:：;；!！?？()（）《》>/|]*?)(?P<y2>(?:19|20)\d{2})年度?"
    r"(?:政府|政务)?(?:信息|政务)公开(?:工作)?年报"
    r"|(?P<a3>[^\d,，。:：;；!！?？()（）《》>/|]*?)(?:政府|政务)?(?:信息|政务)公开(?:工作)?年度报告"
    r"[（(](?P<y3>(?:19|20)\d{2})年?度?[)）]"
)
_JUNK_PREFIX_RE = re.compile(r"^(?:标题|题目|名称|正文|首页|#+|>+)[:：]?")
#: a labelled date; bare 日期/时间 only when the label stands alone (not 施行日期, 办理时间)
_DATE_LABEL_RE = re.compile(
    r"(?<!采集)(?<!抓取)(?<!爬取)(?<!访问)(?<!下载)(?<!更新)(?<!打印)(?<!统计)(?<!修改)(?<!入库)"
    r"(发文日期|发布日期|发布时间|发文时间|成文日期|成文时间|公开日期|公开时间|印发日期|信息时间"
    r"|(?:(?<=^)|(?<=[\s|│｜】\]>]))(?:日期|时间))"
    rf"\s*[】\]]?\s*[:：]?\s*(?:{NUMERIC_DATE}|{CN_DATE})",
    re.MULTILINE,
)
#: publication labels first, then the date a document was written, then bare 日期/时间
_DATE_RANK = {"成文日期": 1, "成文时间": 1, "印发日期": 1, "信息时间": 2, "日期": 2, "时间": 2}
#: a signature date alone on its line, or after the signing agency ("某局 2024年1月17日")
_SIGN_DATE_RE = re.compile(rf"^[^\d至起:：]{{0,30}}?(?:{NUMERIC_DATE}|{CN_DATE})\s*$")
_INDEX_TOKEN = r"[0-9A-Za-z][0-9A-Za-z/\-—_.]*"
#: 索引号：000014349/2023-00042, "索 引 号: 11320000 / 2024 - 00012" (spaces dropped)
_INDEX_RE = re.compile(
    rf"索\s*引\s*号\s*[:：]?\s*({_INDEX_TOKEN}(?:[ \t]*[/\-—_][ \t]*{_INDEX_TOKEN})*)"
)
_SECTION_RE = {
    "一": re.compile(r"一\s*[、.．]\s*总体情况"),
    "二": re.compile(r"二\s*[、.．]\s*主动公开政府信息"),
    "三": re.compile(r"三\s*[、.．]\s*收到和处理政府信息公开申请"),
    "四": re.compile(r"四\s*[、.．]\s*(?:政府信息公开)?[^。\n]{0,8}(?:复议|诉讼)"),
    "五": re.compile(r"五\s*[、.．]\s*(?:政府信息公开工作)?存在的?主要问题"),
    "六": re.compile(r"六\s*[、.．]\s*其他需要报告"),
}


_WHITESPACE_RE = re.compile(r"\s+")


def _squash(line: str) -> str:
    """The line without whitespace (``\\s`` matches no-break and ideographic spaces too)."""
    return _WHITESPACE_RE.sub("", line)


#: a breadcrumb run together with the title once spaces are squashed ("首页政务公开年报某局"):
#: cut through its last navigation word
_CHROME_RE = re.compile(
    r"^.*?(?:首页|当前位置|所在位置|您的位置|现在位置)"
    r".*(?:首页|位置|政务公开|信息公开|公开年报|年报|年度报告|专栏|栏目|公开目录|正文)"
)


def _clean_agency(s: str | None) -> str:
    cut = _CHROME_RE.sub("", s or "")
    s = _JUNK_PREFIX_RE.sub("", cut if len(cut) >= 2 else s or "")
    s = re.sub(r"^关于|关于$|的$", "", s).strip("“”\"'·-—_ 《》.,:;。，：；")
    opened, closed = s.count("（") + s.count("("), s.count("）") + s.count(")")
    if opened != closed:  # a bracket that belongs to the title, not the name ("（2023年）某局")
        s = s.strip("（）()")
    return s


def _title_match(line: str) -> tuple[str, int] | None:
    m = _TITLE_RE.search(line)
    if m:
        agency = _clean_agency(m.group("a1")) or _clean_agency(m.group("a2"))
        year = int(m.group("y"))
    else:
        m = _TITLE_LATE_YEAR_RE.search(line) or _BARE_TITLE_RE.search(line)
        if not m:
            return None
        agency = _clean_agency(next((g for k, g in m.groupdict().items() if k[0] == "a" and g), ""))
        year = int(next(g for k, g in m.groupdict().items() if k[0] == "y" and g))
    if agency.endswith("人民"):  # "某县人民政府信息公开年报": 政府 belongs to the name
        agency += "政府"
    if len(agency) > 40 or UNREAD in agency:  # a name with a character a scan could not show
        agency = ""
    return agency, year


_TITLE_PREFIX_RE = re.compile(r"^.*?(?:标题|题目)[:：]")


def title_agency_year(text: str) -> tuple[str | None, int | None]:
    """Agency and report year from the title, joining a title wrapped over two lines."""
    head = [_squash(arabic_years(x)) for x in half_width(text[:8000]).split("\n")[:80]]
    lines = [_TITLE_PREFIX_RE.sub("", s) for s in head if s][:40]
    for line in head:  # a labelled title (标题: / 名称:) is the title
        m = _TITLE_LABEL_RE.match(line)
        found = _title_match(line[m.end() :]) if m else None
        if found and found[0]:
            return found
    for i, line in enumerate(lines):
        found = _title_match(line)
        joined = False
        if found is None:
            if i + 1 >= len(lines):
                break
            alone = _title_match(lines[i + 1])
            if alone is not None and alone[0]:
                continue  # the next line is the whole title: this one is a breadcrumb
            found = _title_match(line + lines[i + 1])
            if found is None and i + 2 < len(lines) and _title_match(lines[i + 2]) is None:
                found = _title_match(line + lines[i + 1] + lines[i + 2])  # over three lines
            joined = True
            if found is None:
                continue
        agency, year = found
        prev = lines[i - 1] if i > 0 else ""
        if prev and len(prev) <= 30 and not _SENTENCE_RE.search(prev) and not joined:
            before = _title_match(prev + line)
            wrapped = before[0] if before else ""
            # the title wrapped inside the agency name ("…洪泽区人民" / "政府2024年…")
            if wrapped and (not agency or (region_of(agency)[0] is None and region_of(wrapped)[0])):
                agency = wrapped
        return agency or None, year
    return None, None


_SENTENCE_RE = re.compile(r"[。，,；;：:>]")
_TITLE_LABEL_RE = re.compile(r"^(?:标题|题目|名称|文章标题|信息名称)[:：]")
_PERIOD_RE = re.compile(
    r"(?:统计期限|统计时限|统计时间|统计区间|统计期间|数据统计)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*[1一]\s*月\s*[1一]\s*日"
)
_PUBLISHER_RE = re.compile(
    r"(?:发布机构|发文机关|发布单位)[ \t]*[:：\t][ \t\u3000]*([^\s:：，,。]{2,30})"
)


def fallback_year(text: str) -> int | None:
    """The year the report's statistics cover, when no title states it."""
    m = _PERIOD_RE.search(arabic_years(text))
    return int(m.group(1)) if m else None


def _date_labels(text: str) -> list[re.Match[str]]:
    """``_DATE_LABEL_RE.finditer(text)``, tried only where 日期 or 时间 is printed (every label
    ends in one of them): the pattern's look-behinds are slow to try at every position."""
    found: dict[int, re.Match[str]] = {}
    for word in ("日期", "时间"):
        i = text.find(word)
        while i >= 0:
            for start in (i - 2, i):  # 发文日期 … (four characters) or a bare 日期
                if start >= 0 and start not in found:
                    m = _DATE_LABEL_RE.match(text, start)
                    if m is not None:
                        found[start] = m
            i = text.find(word, i + 2)
    return [found[k] for k in sorted(found)]


def published_date(text: str, year: int | None = None) -> str | None:
    """发文日期 / 发布时间 when stated, else the signature date on the report's last lines.

    Crawl and visit timestamps and dates in the body prose are not publication dates; a date
    before the end of the report ``year`` cannot be one either, so it is ignored.
    """
    text = half_width(text)
    floor = f"{year:04d}-12-31" if year else ""

    def ok(iso: str | None) -> bool:
        return iso is not None and iso >= floor

    labelled = sorted((_DATE_RANK.get(m.group(1), 0), m.start(), m) for m in _date_labels(text))
    for _, _, m in labelled:
        iso = date_from_match(m, 2)
        if ok(iso):
            return iso
    tail = [x.strip() for x in text.split("\n") if x.strip()][-25:]
    for i in range(len(tail) - 1, -1, -1):
        s = tail[i]
        if len(s) > 45 or "统计" in s or "期限" in s:
            continue
        m2 = _SIGN_DATE_RE.match(s)
        if m2 and _is_signature(s[: _date_start(m2)], tail[i - 1] if i else "", i == len(tail) - 1):
            iso = date_from_match(m2)
            return iso if ok(iso) else None
    return None


_PUNCT_RE = re.compile(r"[。，,、；;：:！!？?]")


def _date_start(m: re.Match[str]) -> int:
    return min(m.start(g) for g in range(1, 9) if m.group(g) is not None)


def _is_signature(before: str, prev_line: str, last: bool) -> bool:
    """A date that signs the report: after the agency on its line ("某局 2024年1月17日"), or
    alone on a line under the agency's name (or as the very last line). Never a date in prose."""
    if before.strip():
        return (
            before[-1].isspace()
            and not _PUNCT_RE.search(before)
            and _AGENCY_END_RE.search(before.rstrip()) is not None
        )
    return last or (
        0 < len(prev_line) <= 40
        and not _PUNCT_RE.search(prev_line)
        and _AGENCY_END_RE.search(prev_line) is not None
    )


#: how the name of a signing body ends (局, 委员会, 人民政府, 办公室, 中心, 街道办事处 …)
_AGENCY_END_RE = re.compile(r"[局委办府院室会厅部署处心所站队馆组区县市镇乡道团社行司]\)?）?$")


def section_order(text: str) -> list[str]:
    """Numerals of the six section headings found, in the order they appear (rule S-03)."""
    found = []
    for numeral, rx in _SECTION_RE.items():
        m = rx.search(text)
        if m:
            found.append((m.start(), numeral))
    return [n for _, n in sorted(found)]


@lru_cache(maxsize=1)
def _cpca():
    """cpca (imported lazily: it loads the national division table)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    return cpca


#: zones that are no administrative division: 平潭综合实验区, 某某经济技术开发区, 某某新区
_ZONE_RE = re.compile(
    r"^(?P<stem>[\u4e00-\u9fff]{2,4}?)(?:综合实验区|综合试验区|实验区|试验区|经济技术开发区"
    r"|高新技术产业开发区|高新区|开发区|新区|合作区|工业园区)"
)


def _zone_province(agency: str) -> str | None:
    """Province of a zone named after one county-level place (平潭综合实验区 → 平潭县 → 福建省).

    Only when every county-level division of that name lies in one province: else ambiguous.
    """
    m = _ZONE_RE.match(agency)
    if not m:
        return None
    cpca = _cpca()
    found: set[str] = set()
    for suffix in ("县", "市"):
        hit = cpca.matcher.ac.get(m.group("stem") + suffix, None)
        if hit:
            found |= {a.adcode for a in hit[1] if a.rank == 2}
    if len({code[:2] for code in found}) != 1:
        return None
    return cpca.adcode_name(next(iter(found))[:2])


@lru_cache(maxsize=65536)
def region_of(agency: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) named by the agency, via cpca; ``None`` where it names none.

    Follows cpca's places from the largest down, but never picks among namesakes: a bare
    "朝阳区" (Beijing or Changchun) or "鼓楼区" stays ``None``. An abbreviated place inside a
    word ("合作" in 深度合作区) is no place.
    """
    cpca = _cpca()
    place = None
    for mi in cpca.matcher.iter(agency):
        if len(mi.origin_value) <= 1:
            continue  # a bare 县/区 is no place ("某某县")
        if place is None:
            if mi.start_index > 0 and mi.origin_value != mi.attr_infos[0].name:
                continue
            if len({a.adcode for a in mi.attr_infos}) > 1:
                return None, None, None
            place = mi.attr_infos[0]
        else:
            inner = next((a for a in mi.attr_infos if a.belong_to(place)), None)
            if inner is None:
                break
            place = inner
        if place.rank == 2:
            break
    if place is None:
        return _zone_province(agency), None, None
    code, rank = place.adcode, place.rank

    def name(prefix: str, at: int) -> str | None:
        n = cpca.adcode_name(prefix) if rank >= at else None
        return n if n and n not in _NOT_A_PLACE else None

    return name(code[:2], 0), name(code[:4], 1), name(code[:6], 2)


_NOT_A_PLACE = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def _index_no(text: str) -> re.Match[str] | None:
    """The first 索引号 and its value, read on NFKC text (full-width letters too); only the
    stretch after each 索 is normalised, not the whole report."""
    i = text.find("索")
    while i >= 0:
        m = _INDEX_RE.match(unicodedata.normalize("NFKC", text[i : i + 160]))
        if m is not None:
            return m
        i = text.find("索", i + 1)
    return None


def read_metadata(text: str) -> ReportMeta:
    """Everything the report states about itself (template is decided by the mapper)."""
    text = half_width(text)
    agency, year = title_agency_year(text)
    if agency is None:
        m_pub = _PUBLISHER_RE.search(text[:3000])
        agency = m_pub.group(1) if m_pub else None
    if year is None:
        year = fallback_year(text)
    province = city = county = None
    if agency:
        province, city, county = region_of(agency)
    m = _index_no(text)
    return ReportMeta(
        agency=agency,
        province=province,
        city=city,
        county=county,
        year=year,
        published=published_date(text, year),
        index_no=re.sub(r"\s+", "", m.group(1)) if m else None,
        sections=section_order(text),
    )
