"""The mapper on small built layouts: headers decide columns, sums decide run-together digits."""

from __future__ import annotations

from extract.api import extract_bytes

ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("（一）予以公开", [3, 1, 0, 0, 0, 0, 4]),
    ("（二）部分公开", [1, 0, 0, 0, 0, 0, 1]),
    ("（六）其他处理", [1, 0, 0, 0, 0, 0, 1]),
    ("（七）总计", [5, 1, 0, 0, 0, 0, 6]),
    ("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1]),
]
HEAD = (
    "某区人民政府2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
    "三、收到和处理政府信息公开申请情况\n申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
)


def _cells(ex):
    return {(c.table, c.row, c.col): c.value for c in ex.cells}


def test_mixed_report_prints_2019_other_row():
    body = "\n".join(label + "\t" + "\t".join(map(str, v)) for label, v in ROWS_2021)
    ex = extract_bytes((HEAD + body + "\n").encode(), "mixed.txt")
    cells = _cells(ex)
    assert ex.report.template == "2021"
    assert cells[("requests", "other", "natural_person")] == 1  # the 2019 key, as printed
    assert not any(k[1].startswith("other_") for k in cells)


def test_space_separated_rows_and_disputes_single_row():
    body = "\n".join(label + " " + " ".join(map(str, v)) for label, v in ROWS_2021)
    disputes = "\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n" + " ".join(
        ["1", "0", "0", "1", "2"] + ["0"] * 10
    )
    ex = extract_bytes(
        (HEAD + body + disputes + "\n五、存在的主要问题及改进情况\n").encode(), "s.txt"
    )
    cells = _cells(ex)
    assert cells[("requests", "granted", "total")] == 4
    assert (
        cells[("disputes", "review", "pending")] == 1
        and cells[("disputes", "review", "total")] == 2
    )


def test_run_together_digits_need_a_unique_reading():
    text = (
        HEAD
        + "一、本年新收政府信息公开申请数量 713000074\n二、上年结转政府信息公开申请数量 110000011\n"
    )
    ex = extract_bytes(text.encode(), "r.txt")
    cells = _cells(ex)
    # 71,3,0,0,0,0,74 is the only reading whose six columns add up to the 总计
    assert [
        cells[("requests", "new_received", c)] for c in ("natural_person", "commercial", "total")
    ] == [
        71,
        3,
        74,
    ]
    # 11,0,0,0,0,0,11 and 1,10,0,0,0,0,11 both add up: never guess the cells they disagree
    # on, say so; the cells every reading agrees on are proved
    assert ("requests", "carried_in", "natural_person") not in cells
    assert ("requests", "carried_in", "commercial") not in cells
    assert cells[("requests", "carried_in", "total")] == 11
    assert cells[("requests", "carried_in", "research")] == 0
    assert any("carried_in" in n and "disagree on left out" in n for n in ex.notes)


def test_bracket_enumerators_and_money_units_are_not_cells():
    text = (
        "某局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（八）项\n"
        "信息内容 本年收费金额（单位：万元，保留4位小数）\n行政事业性收费 0.5万元\n"
        "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
        "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2\n"
        "（三）不予公开 （1）属于国家秘密 0 0 0 0 0 0 0\n"
        "2）其他法律行政法规禁止公开 1 0 0 0 0 0 1\n"
    )
    ex = extract_bytes(text.encode(), "b.txt")
    cells = {(c.table, c.row, c.col): c for c in ex.cells}
    fee = cells[("proactive", "fees", "amount_wan_yuan")]
    assert (fee.value, fee.text) == (0.5, "0.5万元")
    assert cells[("requests", "deny_state_secret", "total")].value == 0
    assert cells[("requests", "deny_law_forbidden", "natural_person")].value == 1


def test_rows_outvote_a_header_that_lost_its_total():
    body = "\n".join(label + " " + " ".join(map(str, v)) for label, v in ROWS_2021)
    head = HEAD.replace("\t总计", "")  # a converter dropped the header word
    ex = extract_bytes((head + body + "\n").encode(), "h.txt")
    cells = _cells(ex)
    assert cells[("requests", "new_received", "total")] == 6
    assert any("read with a 总计 column" in n for n in ex.notes)


def test_disputes_as_three_labelled_rows_stop_at_prose():
    body = "\n".join(label + " " + " ".join(map(str, v)) for label, v in ROWS_2021)
    disputes = (
        "\n四、政府信息公开行政复议、行政诉讼情况\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
        "行政复议 1 0 0 1 2\n未经复议直接起诉 0 0 0 0 0\n复议后起诉 0 1 0 0 1\n"
        "2023年本机关共办理复议案件3件，其中2件已审结，全年无败诉，见附表 5 6。\n"
    )
    ex = extract_bytes((HEAD + body + disputes).encode(), "d.txt")
    cells = _cells(ex)
    assert cells[("disputes", "review", "total")] == 2
    assert cells[("disputes", "litigation_after_review", "corrected")] == 1
    assert len([k for k in cells if k[0] == "disputes"]) == 15


def test_prose_quoting_a_proactive_label_loses_to_the_table_row():
    text = (
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n按照《条例》第二十条要求，公开行政许可信息 8 批次。\n"
        "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t0\n"
        "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
        "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2\n"
    )
    cells = _cells(extract_bytes(text.encode(), "p.txt"))
    assert cells[("proactive", "licensing", "decisions")] == 0


def test_cells_printed_with_count_units():
    text = HEAD.replace("规章\t0\t0\t0", "规章 3件 0件 5件")
    cells = _cells(extract_bytes((text + ROWS_LINE).encode(), "u.txt"))
    assert [cells[("proactive", "rules", c)] for c in ("issued", "repealed", "in_force")] == [
        3,
        0,
        5,
    ]


ROWS_LINE = "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2\n"


def test_column_sums_choose_between_row_readings():
    # 新收 10,1,0,0,0,0,11 glued: the row sum allows 10|1|…|11 and 1|0|10|…|11; only the first
    # makes 一+二 = 三（七）+四 and 三（七）= Σ outcomes hold in every column.
    rows = [
        ("一、本年新收政府信息公开申请数量", "101000011"),
        ("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"),
        ("（一）予以公开", "10 1 0 0 0 0 11"),
        ("（七）总计", "10 1 0 0 0 0 11"),
        ("四、结转下年度继续办理", "0 0 0 0 0 0 0"),
    ]
    body = "\n".join(f"{label} {v}" for label, v in rows)
    ex = extract_bytes((HEAD + body + "\n").encode(), "c.txt")
    cells = _cells(ex)
    assert [
        cells[("requests", "new_received", c)] for c in ("natural_person", "commercial", "research")
    ] == [
        10,
        1,
        0,
    ]
    assert any("by the template's sums" in n for n in ex.notes)
    assert not any("disagree on" in n for n in ex.notes)
    assert {c.how for c in ex.cells if c.row == "new_received"} == {"split"}


def test_disputes_printed_turned():
    body = "\n".join(label + " " + " ".join(map(str, v)) for label, v in ROWS_2021)
    disputes = (
        "\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 未经复议直接起诉 复议后起诉\n"
        "结果维持 1 0 2\n结果纠正 0 0 0\n其他结果 0 1 0\n尚未审结 1 0 0\n总计 2 1 2\n"
        "五、存在的主要问题及改进情况\n"
    )
    cells = _cells(extract_bytes((HEAD + body + disputes).encode(), "t.txt"))
    assert cells[("disputes", "review", "total")] == 2
    assert cells[("disputes", "review", "pending")] == 1
    assert cells[("disputes", "litigation_direct", "other")] == 1
    assert cells[("disputes", "litigation_after_review", "upheld")] == 2


def test_template_from_the_single_other_row_when_nothing_else_tells():
    rows = [(label, v) for label, v in ROWS_2021]
    body = "\n".join(label + "\t" + "\t".join(map(str, v)) for label, v in rows)
    head = (
        "某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
    )
    ex = extract_bytes((head + body + "\n").encode(), "o.txt")
    assert ex.report.year == 2023 and ex.report.template == "2019"  # a laggard on the 2019 form
    assert _cells(ex)[("requests", "other", "total")] == 1


def test_glued_marks_are_cells_and_glued_rows_without_sums_stay_out():
    text = HEAD.replace("规章\t0\t0\t0", "规章105-22,163") + (
        "一、本年新收政府信息公开申请数量 0///000\n"  # 0 / / / 0 0 0: marks glued to digits
        "二、上年结转政府信息公开申请数量 --00000\n"
    )
    ex = extract_bytes(text.encode(), "g.txt")
    cells = {(c.table, c.row, c.col): c for c in ex.cells}
    assert [
        cells[("requests", "new_received", c)].text
        for c in ("natural_person", "commercial", "total")
    ] == [
        "0",
        "/",
        "0",
    ]
    assert cells[("requests", "carried_in", "natural_person")].value is None  # "-" is a mark here
    assert not any(k[1] == "rules" for k in cells)  # 105-22,163: no sum tells the cells apart
    assert any("without separators" in n for n in ex.notes)


def test_glued_cells_taken_when_only_one_reading_exists_without_sums():
    head = HEAD.replace("\t总计", "").replace(
        "规章\t0\t0\t0", "第二十条第（六）项 行政处罚15 行政强制无"
    )
    text = head + "一、本年新收政府信息公开申请数量 00—000\n"  # no 总计: nothing to add up
    ex = extract_bytes(text.encode(), "n.txt")
    cells = {(c.table, c.row, c.col): c for c in ex.cells}
    assert [
        cells[("requests", "new_received", c)].text for c in ("natural_person", "research")
    ] == ["0", "—"]
    assert cells[("proactive", "coercion", "decisions")].text == "无"
    assert cells[("proactive", "penalty", "decisions")].value == 15


def test_prose_naming_section_five_before_the_tables_and_a_reworded_first_row():
    text = (
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n针对上年度存在的主要问题，我局全年新收申请2件，已全部办结。\n"
        + HEAD.split("\n", 1)[1].replace("\t总计", "\t总计")
        + "一、本年新收到政府信息公开申请数量 2 0 0 0 0 0 2\n（七）总计 2 0 0 0 0 0 2\n"
        + "四、政府信息公开行政复议、行政诉讼情况\n"
        + " ".join(["0"] * 15)
        + "\n五、存在的主要问题及改进情况\n"
    )
    cells = _cells(extract_bytes(text.encode(), "w.txt"))
    assert cells[("requests", "new_received", "total")] == 2
    assert cells[("disputes", "review", "total")] == 0


def test_subtotal_column_of_organisations_is_read_past():
    head = HEAD.replace("\t其他\t总计", "\t其他\t小计\t总计")
    rows = [
        ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 2, 3, 8]),
        ("（一）予以公开", [5, 1, 0, 0, 0, 2, 3, 8]),
    ]
    body = "\n".join(label + "\t" + "\t".join(map(str, v)) for label, v in rows)
    ex = extract_bytes((head + body + "\n").encode(), "s.txt")
    cells = _cells(ex)
    assert cells[("requests", "new_received", "other_org")] == 2
    assert cells[("requests", "new_received", "total")] == 8
    assert not any(k[2].startswith("_") for k in cells)
