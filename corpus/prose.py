"""The prose of a generated report (正文): 一、总体情况, 五 and 六, written from phrase banks.

Real narratives share a stock of official phrases but each agency combines them its own way, so
two reports written apart share little beyond those phrases (estimated 5-gram Jaccard well under
0.3) — and a copied one shares nearly everything (S-04). The headline numbers the prose states
(收到申请, 办结, 予以公开, 行政复议, 行政诉讼 …) are taken from the table as printed, so the prose
agrees with the table (X-01) unless a :attr:`~corpus.truth.ReportTruth.narrative_slip` is planted.

The prose never prints a word the table finder keys on (第二十条, 本年新收, 勾稽关系 …) nor a bare
number without a unit, so it cannot disturb the tables' reading.
"""

from __future__ import annotations

import random

from corpus.truth import ReportTruth, Value
from extract.vocabulary import APPLICANT_COLUMNS

_TOPICS = (
    "惠企政策", "乡村振兴", "营商环境", "生态环境保护", "教育招生", "医疗卫生", "养老服务",
    "就业创业", "住房保障", "食品药品安全", "安全生产", "财政预决算", "重大建设项目", "社会救助",
    "公共资源交易", "征地补偿", "行政执法", "人事任免", "规划计划", "减税降费", "科技创新",
    "文化旅游", "交通出行", "农业补贴", "水利建设", "疫情防控", "城市管理", "市场监管",
    "民生实事", "审计整改", "统计数据", "应急管理", "退役军人服务", "残疾人帮扶", "棚户区改造",
    "河湖治理", "耕地保护", "消费维权", "招商引资", "国企改革",
)  # fmt: skip
_CHANNELS = (
    "门户网站", "政务新媒体", "微信公众号", "政务微博", "信息公开栏", "新闻发布会", "政务服务大厅",
    "融媒体中心", "便民服务热线", "电子显示屏", "村务公开栏", "报刊广播", "短视频平台", "公报",
)  # fmt: skip
_ACTS = ("加强", "深化", "推进", "规范", "完善", "健全", "细化", "强化", "优化", "落实", "压实")
_MEASURES = (
    "信息发布审核制度", "公开属性源头认定机制", "保密审查程序", "依申请办理流程", "政策解读机制",
    "政府信息管理台账", "网站内容保障机制", "考核评估办法", "业务培训制度", "舆情回应机制",
    "专人负责制度", "三审三校制度", "信息更新巡查机制", "答复文书模板", "档案归集办法",
    "工作责任清单", "督查通报机制", "协同办理机制", "法律审核环节", "群众意见征集渠道",
)  # fmt: skip
_AIMS = (
    "提升公开质量", "方便群众查询", "保障知情权", "增强政府公信力", "回应社会关切",
    "服务经济发展", "促进依法行政", "提高办事效率", "扩大公众参与", "优化政务服务",
)  # fmt: skip
_PROBLEMS = (
    "公开内容不够全面", "更新不够及时", "政策解读形式单一", "专栏栏目设置不尽合理",
    "工作人员业务能力有待提高", "互动回应不够充分", "基层公开标准化程度不高",
    "依申请答复规范性有待加强", "信息检索不够便捷", "公开形式较为单一",
)  # fmt: skip
#: characters of the places a report names (镇, 街道, 社区): a report's own particulars, which
#: its prose shares with no other report unless copied
_PLACE_CHARS = (
    "东西南北中新安宁平和丰泰兴隆永昌盛华光明清河湖山川林桥塘湾港沙石金玉龙凤云阳春秋"
    "溪岭峰园城庄店集坊楼寨堡营屯铺岗坪坝洲田水口门关梁台陵原旺福康吉祥瑞顺德义仁礼"
    "柳杨松柏桃李梅竹兰菊荷杏枣桑榆槐樟桂枫橙红白黄绿青紫蓝高大小长乐善广宝汇通"
)
_PLACE_KINDS = ("镇", "街道", "社区", "乡", "村")
_PARTICULARS = (
    "在{p}、{q}等地设立政务公开专区，方便群众就近查阅。",
    "组织{p}和{q}的工作人员开展业务培训，逐条对照公开目录查漏补缺。",
    "在{p}试点基层政务公开标准化建设，并向{q}推广。",
    "针对{p}群众反映的{t}问题，及时公开办理进展。",
)  # fmt: skip
_OPENERS = (
    "本年度，{a}认真贯彻落实《中华人民共和国政府信息公开条例》",
    "一年来，{a}坚持以公开为常态、不公开为例外",
    "本年度，{a}紧紧围绕中心工作",
    "全年，{a}按照上级关于政务公开工作的部署",
    "本年度，{a}把政务公开作为转变作风的重要抓手",
)  # fmt: skip


def _pick(rng: random.Random, bank: tuple[str, ...], k: int) -> list[str]:
    return rng.sample(bank, k)


def _list(items: list[str]) -> str:
    return "、".join(items[:-1]) + "和" + items[-1] if len(items) > 1 else items[0]


def _sentence(rng: random.Random) -> str:
    """One working sentence: topics, measures, channels and an aim, freshly combined."""
    form = rng.randrange(4)
    t, m = _pick(rng, _TOPICS, rng.randint(2, 4)), _pick(rng, _MEASURES, rng.randint(1, 2))
    c, act, aim = _pick(rng, _CHANNELS, rng.randint(2, 3)), rng.choice(_ACTS), rng.choice(_AIMS)
    if form == 0:
        return f"围绕{_list(t)}等重点领域，{act}{_list(m)}，通过{_list(c)}及时发布相关信息，{aim}。"
    if form == 1:
        return f"{act}{_list(m)}，对{_list(t)}方面的信息实行动态更新，{aim}。"
    if form == 2:
        return f"依托{_list(c)}，集中发布{_list(t)}等群众关注的信息，并{act}{m[0]}。"
    return f"结合{t[0]}和{t[1]}工作实际，{act}{_list(m)}，持续{aim}。"


def _place(rng: random.Random) -> str:
    return "".join(rng.sample(_PLACE_CHARS, 3)) + rng.choice(_PLACE_KINDS)


def _particular(rng: random.Random) -> str:
    """A sentence naming the report's own places: what makes its prose its own."""
    return rng.choice(_PARTICULARS).format(p=_place(rng), q=_place(rng), t=rng.choice(_TOPICS))


def _row_total(truth: ReportTruth, table: str, row: str) -> Value:
    """A row's 总计 as printed; without a 总计 column, the sum of its applicant columns."""
    cells = truth.cells
    if (table, row, "total") in cells:
        return cells[(table, row, "total")]
    parts = [cells.get((table, row, c)) for c in APPLICANT_COLUMNS]
    return None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type]


def _requests_sentence(truth: ReportTruth, rng: random.Random) -> str | None:
    """The headline numbers of 三 and 四 as the prose states them, from the printed table."""
    received = _row_total(truth, "requests", "new_received")
    if received is None:
        return None
    text = f"本年度共收到政府信息公开申请{received + truth.narrative_slip}件"
    parts = []
    for row, wording in (("carried_in", "上年结转"), ("result_total", "办结"),
                         ("granted", "其中予以公开"), ("carried_out", "结转下年度继续办理")):  # fmt: skip
        value = _row_total(truth, "requests", row)
        if value is not None and rng.random() < 0.7:
            parts.append(f"{wording}{value}件")
    text += "，" + "，".join(parts) + "。" if parts else "，均在法定期限内答复。"
    review = truth.cells.get(("disputes", "review", "total"))
    suits = [truth.cells.get(("disputes", r, "total")) for r in ("litigation_direct", "litigation_after_review")]  # fmt: skip
    if review is not None and None not in suits and rng.random() < 0.6:
        text += f"全年因政府信息公开被申请行政复议{review}件，被提起行政诉讼{sum(suits)}件。"  # type: ignore[arg-type]
    return text


def narrative(truth: ReportTruth) -> dict[int, list[str]]:
    """The paragraphs of sections 一 (index 0), 五 (4) and 六 (5). Written from the report's
    :attr:`~corpus.truth.ReportTruth.prose_seed` (its own seed unless the prose was copied), with
    the report's own agency name and numbers."""
    rng = random.Random(f"{truth.prose_seed if truth.prose_seed is not None else truth.seed}:prose")
    agency = truth.agency_printed
    opener = rng.choice(_OPENERS).format(a=agency)
    first = [f"{opener}，{_sentence(rng)}"]
    published = rng.randint(20, 3000)
    first.append(
        f"（一）主动公开情况。全年共主动公开政府信息{published}条。"
        + "".join(_sentence(rng) for _ in range(rng.randint(1, 2)))
    )
    stated = _requests_sentence(truth, rng)
    first.append("（二）依申请公开情况。" + (stated or "") + _sentence(rng))
    first.append(
        "（三）政府信息管理情况。" + "".join(_sentence(rng) for _ in range(rng.randint(1, 2)))
    )
    first.append("（四）平台建设情况。" + _sentence(rng) + _particular(rng) + _particular(rng))
    first.append("（五）监督保障情况。" + _sentence(rng))
    problems = _pick(rng, _PROBLEMS, 2)
    fifth = [
        f"本年度政府信息公开工作仍存在{problems[0]}、{problems[1]}等问题。",
        f"下一步，将{rng.choice(_ACTS)}{_list(_pick(rng, _MEASURES, 2))}，{rng.choice(_AIMS)}。",
        _particular(rng),
    ]
    sixth = ["本年度未收取信息处理费。无其他需要报告的事项。"]
    return {0: first, 4: fifth, 5: sixth}
