"""Report metadata from the text: agency as printed, year, publication date, 索引号, sections.

The title carries agency and year in either order ("X局2022年政府信息公开工作年度报告",
"2025 年上海市人民政府办公厅政府信息公开工作年度报告") and is often wrapped over two lines.
Region comes from the agency name via ``cpca`` (its national division table), never from a
hand-typed list; anything the report does not state stays ``None``.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

from extract.model import ReportMeta
from extract.values import WIDTH_TABLE

_TITLE_RE = re.compile(
    r"(?P<a1>[^\d,，。:：;；!！?？《》>/|]*?)(?P<y>(?:19|20)\d{2})年度?"
    r"(?P<a2>[^\d,，。:：;；!！?？《》]*?)政府信息公开(?:工作)?(?:(?:年度)?(?:工作)?报告|年报)"
)
#: "X局政府信息公开工作2023年度报告", "X局2023年政府信息公开年报": year after the subject
_TITLE_LATE_YEAR_RE = re.compile(
    r"(?P<a1>[^\d,，。:：;；!！?？()（）《》>/|]*?)政府信息公开(?:工作)?(?P<y>(?:19|20)\d{2})年度?(?:工作)?报告"
    r"|(?P<a2>[^\d,，。:：;；!！?？()（）《》>/|]*?)(?P<y2>(?:19|20)\d{2})年度?政府信息公开(?:工作)?年报"
    r"|(?P<a3>[^\d,，。:：;；!！?？()（）《》>/|]*?)政府信息公开(?:工作)?年度报告[（(](?P<y3>(?:19|20)\d{2})年?度?[)）]"
)
_JUNK_PREFIX_RE = re.compile(r"^(?:标题|题目|名称|正文|首页|#+|>+)[:：]?")
_DATE_LABEL_RE = re.compile(
    r"(?<!采集)(?<!抓取)(?<!访问)(?<!下载)(?<!更新)(?<!打印)(?<!统计)"
    r"(发文日期|发布日期|发布时间|发文时间|成文日期|公开日期|印发日期|信息时间|日期|时间)\s*[:：]?\s*"
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
#: publication labels first, then the date a document was written, then bare 日期/时间
_DATE_RANK = {"成文日期": 1, "印发日期": 1, "信息时间": 2, "日期": 2, "时间": 2}  # others: 0
#: a signature date alone on its line, or after the signing agency ("某局 2024年1月17日")
_SIGN_DATE_RE = re.compile(r"^[^\d至]{0,30}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_CN_SIGN_DATE_RE = re.compile(
    r"^\s*([〇零一二三四五六七八九○Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日\s*$"
)
_INDEX_RE = re.compile(r"索\s*引\s*号\s*[:：]?\s*([0-9A-Za-z][0-9A-Za-z/\-—_.]*)")
_SECTION_RE = {
    "一": re.compile(r"一\s*[、.．]\s*总体情况"),
    "二": re.compile(r"二\s*[、.．]\s*主动公开政府信息"),
    "三": re.compile(r"三\s*[、.．]\s*收到和处理政府信息公开申请"),
    "四": re.compile(r"四\s*[、.．]\s*(?:政府信息公开)?[^。\n]{0,8}(?:复议|诉讼)"),
    "五": re.compile(r"五\s*[、.．]\s*(?:政府信息公开工作)?存在的?主要问题"),
    "六": re.compile(r"六\s*[、.．]\s*其他需要报告"),
}
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


def _squash(line: str) -> str:
    return re.sub(r"\s+", "", line.replace("\u00a0", " ").replace("\u3000", " "))


def _clean_agency(s: str | None) -> str:
    s = _JUNK_PREFIX_RE.sub("", s or "")
    s = re.sub(r"^关于|关于$|的$", "", s).strip("“”\"'·-—_ ")
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
        m = _TITLE_LATE_YEAR_RE.search(line)
        if not m:
            return None
        agency = _clean_agency(m.group("a1") or m.group("a2") or m.group("a3"))
        year = int(m.group("y") or m.group("y2") or m.group("y3"))
    if len(agency) > 40:
        agency = ""
    return agency, year


def title_agency_year(text: str) -> tuple[str | None, int | None]:
    """Agency and report year from the title, joining a title wrapped over two lines."""
    lines = [
        re.sub(r"^.*?(?:标题|题目)[:：]", "", s)
        for s in (_squash(x) for x in text.split("\n")[:80])
        if s
    ][:40]
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
_PERIOD_RE = re.compile(
    r"(?:统计期限|统计时限|统计时间|统计区间|统计期间|数据统计)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
)
_PUBLISHER_RE = re.compile(
    r"(?:发布机构|发文机关|发布单位)[ \t]*[:：\t][ \t\u3000]*([^\s:：，,。]{2,30})"
)


def fallback_year(text: str) -> int | None:
    """The year the report's statistics cover, when no title states it."""
    m = _PERIOD_RE.search(text)
    return int(m.group(1)) if m else None


def _cn_number(s: str) -> int:
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CN_DIGITS.get(ones, 0) if ones else 0
        )
    return int("".join(str(_CN_DIGITS[c]) for c in s))


def _iso(y: int, m: int, d: int) -> str | None:
    if 1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def published_date(text: str) -> str | None:
    """发文日期 / 发布时间 when stated, else the signature date on the report's last lines."""
    labelled = sorted(
        (_DATE_RANK.get(m.group(1), 0), m.start(), m) for m in _DATE_LABEL_RE.finditer(text)
    )
    for _, _, m in labelled:
        iso = _iso(int(m.group(2)), int(m.group(3)), int(m.group(4)))
        if iso:
            return iso
    tail = [x for x in text.split("\n") if x.strip()][-25:]
    for line in reversed(tail):
        s = line.strip()
        if len(s) > 45 or "统计" in s or "期限" in s:
            continue
        m2 = _SIGN_DATE_RE.match(s)
        if m2:
            return _iso(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
        m3 = _CN_SIGN_DATE_RE.match(s)
        if m3:
            return _iso(_cn_number(m3.group(1)), _cn_number(m3.group(2)), _cn_number(m3.group(3)))
    return None


def section_order(text: str) -> list[str]:
    """Numerals of the six section headings found, in the order they appear (rule S-03)."""
    found = []
    for numeral, rx in _SECTION_RE.items():
        m = rx.search(text)
        if m:
            found.append((m.start(), numeral))
    return [n for _, n in sorted(found)]


@lru_cache(maxsize=65536)
def region_of(agency: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) named by the agency, via cpca; ``None`` where it names none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca

        df = cpca.transform([agency])
    row = df.iloc[0]

    def val(col: str) -> str | None:
        v = row.get(col)
        return v if isinstance(v, str) and len(v) > 1 and v not in _NOT_A_PLACE else None

    if isinstance(row.get("市"), str) and len(row.get("市")) <= 1:
        return None, None, None  # cpca read a bare 县/区 as a place: the agency names none
    return val("省"), val("市"), val("区")


_NOT_A_PLACE = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def read_metadata(text: str) -> ReportMeta:
    """Everything the report states about itself (template is decided by the mapper)."""
    text = text.translate(WIDTH_TABLE)
    agency, year = title_agency_year(text)
    if agency is None:
        m_pub = _PUBLISHER_RE.search(text[:3000])
        agency = m_pub.group(1) if m_pub else None
    if year is None:
        year = fallback_year(text)
    province = city = county = None
    if agency:
        province, city, county = region_of(agency)
    m = _INDEX_RE.search(text)
    return ReportMeta(
        agency=agency,
        province=province,
        city=city,
        county=county,
        year=year,
        published=published_date(text),
        index_no=m.group(1) if m else None,
        sections=section_order(text),
    )
