"""Cell values and label matching on the variations real reports print."""

from __future__ import annotations

import pytest

from extract.labels import match_proactive_row, match_request_row, normalize_label
from extract.values import cell_value


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("１２３", 123, "123"),
        ("1,234", 1234, "1,234"),
        ("251000元", 251000, "251000元"),
        ("-3", -3, "-3"),
        ("－2", -2, "-2"),
        ("0.0000", 0.0, "0.0000"),
        ("9116.36", 9116.36, "9116.36"),
        (" 0\u00a0", 0, "0"),
        ("", None, ""),
        ("/", None, "/"),
        ("—", None, "—"),
        ("-", None, "-"),
        ("无", None, "无"),
        ("见附件", None, "见附件"),
    ],
)
def test_cell_value(text, value, kept):
    got, text_kept = cell_value(text)
    assert got == value and type(got) is type(value) and text_kept == kept


@pytest.mark.parametrize(
    ("label", "row"),
    [
        (
            "1、申请人无正当理由预期不补正、行政机关不再处理其政府信息公开申请",
            "other_no_correction",
        ),
        (
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "other_fee_unpaid",
        ),
        ('3.危及"三安全一稳定"', "deny_security_stability"),
        ("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)", "partial"),
        ("2.其他法律行政法规禁止公开", "deny_law_forbidden"),
        ("（六）其他处理", "other"),
        ("3.其他", "other_other"),
        ("（七）总计", "result_total"),
        ("四、结转下年度继续办理", "carried_out"),
        ("（五）不予处理1.信访举报投诉类申请", "np_petition"),
    ],
)
def test_request_labels(label, row):
    assert match_request_row(normalize_label(label)) == frozenset({row})


def test_ambiguous_label_fragment_keeps_both_rows():
    assert match_request_row(normalize_label("行政机关不再处理其政府信息公")) == frozenset(
        {"other_no_correction", "other_fee_unpaid"}
    )


@pytest.mark.parametrize(
    ("label", "row"),
    [
        ("规章", "rules"),
        ("行政规范性文件", "normative_docs"),
        ("规范性文件", "normative_docs"),
        ("其他对外管理服务事项", "other_services"),
        ("行政事业性收费", "fees"),
        ("政府集中采购", "procurement"),
    ],
)
def test_proactive_labels(label, row):
    assert match_proactive_row(normalize_label(label)) == row


def test_normalize_label_brackets_quotes_social_org():
    assert normalize_label("( 一 ) 予以公开") == "（一）予以公开"
    assert normalize_label("社会组织") == "社会公益组织"


def test_translate_by_replacements_is_str_translate() -> None:
    """The width and bracket tables replaced character by character give what one
    ``str.translate`` pass gives, on text mixing every mapped character with CJK and ASCII."""
    import random

    from extract.labels import _BRACKET_PAIRS, _BRACKETS
    from extract.values import _WIDTH, _WIDTH_PAIRS, replacements, translate

    rng = random.Random(7)
    alphabet = [chr(k) for k in (*_WIDTH, *_BRACKETS)] + list("本年新收（）()12 .,“")
    for _ in range(2000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 40)))
        assert translate(text, _WIDTH_PAIRS) == text.translate(_WIDTH)
        assert translate(text, _BRACKET_PAIRS) == text.translate(_BRACKETS)
    with pytest.raises(ValueError):
        replacements(str.maketrans("ab", "bc"))  # b is replaced and a replacement
