"""Statement recognition (extract/narrative.py): which prose counts are mapped to which template
cells, and — as important — which are left unmapped (counted, never guessed)."""

from __future__ import annotations

import pytest

from extract.layout import Document, Fragment, Row
from extract.narrative import comparable_text, prose, statements_in

NEW = ["requests.new_received.total"]
SUITS = ["disputes.litigation_direct.total", "disputes.litigation_after_review.total"]
DENY = [
    f"requests.{r}.total"
    for r in (
        "deny_state_secret", "deny_law_forbidden", "deny_security_stability", "deny_third_party",
        "deny_internal_affairs", "deny_process_info", "deny_enforcement_file", "deny_admin_query",
    )
]  # fmt: skip


def mapped(sentence: str) -> list[tuple[str | None, int, list[str]]]:
    return [(s.quantity, s.number, s.cells) for s in statements_in(sentence, "line 1")]


@pytest.mark.parametrize(
    ("sentence", "quantity", "number", "cells"),
    [
        ("本年度共收到政府信息公开申请56件。", "received", 56, NEW),
        ("全年共受理政府信息公开申请 1,295 件，均按期答复。", "received", 1295, NEW),
        ("2023年度我局共收到依申请信息公开26件，及时回复申请人。", "received", 26, NEW),
        ("本年新收政府信息公开申请５６件。", "received", 56, NEW),
        ("接收依申请公开申请共计12件。", "received", 12, NEW),
        ("上年结转政府信息公开申请3件。", "carried_in", 3, ["requests.carried_in.total"]),
        ("办结1191件（含上年结转189件）。", "completed", 1191, ["requests.result_total.total"]),
        ("结转下年度继续办理4件。", "carried_out", 4, ["requests.carried_out.total"]),
        ("其中予以公开23件。", "granted", 23, ["requests.granted.total"]),
        ("部分公开2件。", "partial", 2, ["requests.partial.total"]),
        ("予以公开及部分公开208件（17.46%）。", "granted_or_partial", 208,
         ["requests.granted.total", "requests.partial.total"]),
        ("不予公开20件。", "denied", 20, DENY),
        ("因本机关不掌握等原因无法提供564件。", "unable", 564,
         ["requests.unable_not_held.total", "requests.unable_needs_creation.total",
          "requests.unable_unclear.total"]),
        ("被申请行政复议2件。", "review", 2, ["disputes.review.total"]),
        ("行政复议案件2起。", "review", 2, ["disputes.review.total"]),
        ("被提起行政诉讼1件。", "litigation", 1, SUITS),
        ("全年主动公开政府信息1234条。", "proactive_published", 1234, []),
    ],
)  # fmt: skip
def test_unambiguous_wording_is_mapped(sentence, quantity, number, cells) -> None:
    assert mapped(sentence)[0] == (quantity, number, cells)


@pytest.mark.parametrize(
    "sentence",
    [
        "全区收到政府信息公开申请75件（含上年结转1件）。",  # received plus carried over
        "被申请行政复议和提起行政诉讼各1件。",  # one number for two quantities
        "行政复议、行政诉讼案件共3件。",  # a combined count
        "全年受理网络问政182件。",  # 受理, but not an application for information
        "收到人大代表建议15件。",
        "涉及自然人72件、商业企业3件。",  # an applicant split the prose does not tie to a row
        "其他处理319件。",  # the template's （六） rows differ between versions
        "主动发布各类政府信息2428条。",  # not the wording 主动公开
        "召开新闻发布会42场。",
    ],
)
def test_other_counts_are_counted_not_mapped(sentence: str) -> None:
    found = mapped(sentence)
    assert found, "every count is kept"
    assert all(q is None or q == "carried_in" for q, _, _ in found), found


def test_years_dates_and_rates_are_not_counts() -> None:
    assert mapped("2023年1月1日至2023年12月31日，办结率100%，同比增长8.5%。") == []


def test_clause_is_what_the_reviewer_reads() -> None:
    (st,) = statements_in("2022年，全区收到政府信息公开申请75件，均在法定期限内答复。", "page 2")
    assert st.text == "全区收到政府信息公开申请75件" and st.where == "page 2"


def _doc(lines: list[str], kind: str = "txt") -> Document:
    rows = [Row([Fragment(t, f"line {i}")]) for i, t in enumerate(lines, start=1)]
    return Document(rows, "\n".join(lines), kind)


def test_prose_is_outside_the_tables_and_wrapped_lines_join() -> None:
    doc = _doc(
        [
            "某局2023年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度某局依法依规办理，共收到政府信息公开申请",  # a PDF line wrapped mid-sentence
            "56件，均按时答复。",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容 本年制发件数",
            "一、本年新收政府信息公开申请数量 56",
            "五、存在的主要问题及改进情况",
            "仍存在公开内容不够全面等问题。",
        ]
    )
    sentences = [t for t, _ in prose(doc)]
    assert "本年度某局依法依规办理,共收到政府信息公开申请56件,均按时答复。" in sentences
    assert "仍存在公开内容不够全面等问题。" in sentences
    assert not any("第二十条" in s or "本年制发件数" in s for s in sentences)


def test_comparable_text_drops_names_numbers_and_headings() -> None:
    a = comparable_text(
        ["一、总体情况", "本年度，沭阳县发展和改革局在沭阳各乡镇设立公开专区12个，方便群众查阅。"],
        ["沭阳县发展和改革局", "江苏省", "宿迁市", "沭阳县"],
    )
    b = comparable_text(
        ["一、总体情况", "本年度，泗洪县发展和改革局在泗洪各乡镇设立公开专区7个，方便群众查阅。"],
        ["泗洪县发展和改革局", "江苏省", "宿迁市", "泗洪县"],
    )
    assert a == b == "本年度在各乡镇设立公开专区个方便群众查阅"
