"""The warehouse the dbt tests build: a few agencies of 沭阳县 over 2019–2023, chosen to exercise
renames, a missing year, derived totals, cross-year findings, duplicates and a rejection.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from dbt_raw_frames import cell, frame, report, request_cells

Z6 = (0.0,) * 6

#: 人民政府 2021: the hand-computed rates (see test_marts.py)
GOV21_OUTCOMES = {
    "granted": 40,
    "partial": 10,
    "deny_state_secret": 2,
    "deny_law_forbidden": 0,
    "deny_security_stability": 0,
    "deny_third_party": 0,
    "deny_internal_affairs": 0,
    "deny_process_info": 0,
    "deny_enforcement_file": 0,
    "deny_admin_query": 0,
    "unable_not_held": 20,
    "unable_needs_creation": 3,
    "unable_unclear": 1,
    "np_petition": 0,
    "np_duplicate": 0,
    "np_publication": 0,
    "np_mass_repeat": 0,
    "np_confirm_reissue": 0,
    "other_no_correction": 1,
    "other_fee_unpaid": 0,
    "other_other": 3,
    "result_total": 80,
}
GOV21_DISPUTES = {
    "review": (3, 1, 1, 1, 6),
    "litigation_direct": (2, 1, 0, 1, 4),
    "litigation_after_review": (1, 0, 0, 0, 1),
}


def flow(report_id: str, new: float, carried_in: float, carried_out: float) -> list[dict]:
    """new_received / carried_in / carried_out with the whole amount in 自然人 and in 总计."""
    rows = {
        "new_received": (new, 0, 0, 0, 0, 0, new),
        "carried_in": (carried_in, 0, 0, 0, 0, 0, carried_in),
        "carried_out": (carried_out, 0, 0, 0, 0, 0, carried_out),
    }
    return request_cells(report_id, rows)


def total_only(report_id: str, values: dict[str, float | None]) -> list[dict]:
    return [cell(report_id, "requests", row, "total", v) for row, v in values.items()]


def disputes(report_id: str, rows: dict[str, tuple[float, ...]]) -> list[dict]:
    cols = ("upheld", "corrected", "other", "pending", "total")
    return [
        cell(report_id, "disputes", r, c, v)
        for r, vals in rows.items()
        for c, v in zip(cols, vals, strict=True)
    ]


def proactive(report_id: str, values: dict[tuple[str, str], float | None]) -> list[dict]:
    return [cell(report_id, "proactive", r, c, v) for (r, c), v in values.items()]


def read_as(cells: list[dict], report_id: str, key: tuple[str, str, str], how: str) -> None:
    """Mark one landed cell as read some other way than as printed (Cell.how)."""
    for c in cells:
        if c["report_id"] == report_id and (c["table_name"], c["row_key"], c["col_key"]) == key:
            c["how"] = how


def scenario_frames() -> dict[str, pl.DataFrame]:
    reports = [
        # 工信局 renamed twice, no report for 2022, an OCR slip (沐阳) in 2023
        report("a19", "沭阳县工信局", 2019, template="2019"),
        report("a20", "沭阳县工业和信息化科技局", 2020, template="2019"),
        report("a21", "沭阳县科技和工业信息化局", 2021),
        report("a23", "沐阳县科技和工业信息化局", 2023, county="沐阳县"),
        # 发展和改革局, then printed short (发改局) without a 总计 column
        report("b21", "沭阳县发展和改革局", 2021),
        report("b22", "沭阳县发改局", 2022),
        # the county government: hand-computed rates; two reports for 2022
        report("c21", "沭阳县人民政府", 2021),
        report("c22a", "沭阳县人民政府", 2022, published=date(2023, 3, 30)),
        report("c22b", "沭阳县人民政府", 2022, published=date(2023, 3, 20)),
        # rejected, though its agency and year are known
        report("d22", "沭阳县教育局", 2022, status="rejected", reason="no text layer"),
        # rejected with nothing known
        report(
            "x00",
            None,
            None,
            status="rejected",
            reason="not a report",
            province=None,
            city=None,
            county=None,
        ),
        # another county's government: a different agency with the same leftover
        report("e21", "泗阳县人民政府", 2021, county="泗阳县"),
        # 科技局 + 工信局 merged into 工业和信息化科技局: ambiguous, so three agencies
        report("g20", "泗阳县科技局", 2020, county="泗阳县"),
        report("h20", "泗阳县工信局", 2020, county="泗阳县"),
        report("g21", "泗阳县工业和信息化科技局", 2021, county="泗阳县"),
        # the government's office is not the government, though its name contains it
        report("e22", "泗阳县人民政府办公室", 2022, county="泗阳县"),
        # no region printed: two bare 工信局 of unknown places stay apart
        report("u21", "工信局", 2021, province=None, city=None, county=None),
        report("u22", "工信局", 2022, province=None, city=None, county=None),
        # a namesake county (和平区: 天津, 沈阳) with no parent printed is placed nowhere
        report("v21", "和平区工信局", 2021, province=None, city=None, county="和平区"),
        report("v22", "和平区工信局", 2022, province=None, city=None, county="和平区"),
        # a county name that is no division (平潭综合实验区) under a known province keeps its own region
        report(
            "p21",
            "平潭综合实验区管委会",
            2021,
            province="福建省",
            city=None,
            county="平潭综合实验区",
        ),
        # one name, two bodies: split by hand from 2022
        report("k21", "沭阳县城管局", 2021),
        report("k22", "沭阳县城管局", 2022),
        # 档案馆 → 档案局: no rule joins them; the test pins them together in agency_overrides
        report("f21", "沭阳县档案馆", 2021),
        report("f22", "沭阳县档案局", 2022),
    ]
    cells: list[dict] = []
    cells += flow("a19", 10, 0, 2)
    cells += flow("a20", 12, 2, 3)
    cells += flow("a21", 20, 5, 4)  # Y-01: carried_in 5 ≠ 3 carried out in 2020
    cells += flow("a23", 7, 1, 0)
    cells += flow("b21", 6, 1, 2)
    cells += request_cells(
        "b22",
        {
            "new_received": (3, 1, 0, 0, 0, 1),
            "carried_in": (2, 0, 0, 0, 0, 0),
            "np_duplicate": (1, 0, None, 0, 0, 0),  # a blank addend: no derived total
            "carried_out": (0, 0, 0, 0, 0, 0),
        },
        with_total=False,
    )
    cells += flow("c21", 85, 5, 10)
    cells += total_only("c21", GOV21_OUTCOMES)
    # 三（七）总计 80 printed run together with a neighbour, cut where the identities allow
    read_as(cells, "c21", ("requests", "result_total", "total"), "split")
    cells += disputes("c21", GOV21_DISPUTES)
    cells += proactive(
        "c21",
        {
            ("licensing", "decisions"): 100,
            ("penalty", "decisions"): 7,
            ("coercion", "decisions"): 0,
            ("rules", "in_force"): 4,
            ("normative_docs", "in_force"): 10,
            ("normative_docs", "issued"): 2,
            ("normative_docs", "repealed"): 1,
        },
    )
    cells += flow("c22a", 0, 10, 10)
    cells += total_only("c22a", {"result_total": 0, "granted": 0, "partial": 0})
    cells += proactive(
        "c22a",
        {
            ("normative_docs", "in_force"): 13,  # Y-02: 10 + 3 − 1 = 12
            ("normative_docs", "issued"): 3,
            ("normative_docs", "repealed"): 1,
            ("rules", "in_force"): None,  # blank: Y-02 cannot_check
            ("rules", "issued"): 0,
            ("rules", "repealed"): 0,
        },
    )
    cells += total_only("c22b", {"new_received": 1})
    cells += flow("e21", 3, 0, 0)
    cells += flow("g20", 1, 0, 0)
    cells += flow("h20", 1, 0, 0)
    cells += flow("g21", 4, 0, 0)
    cells += flow("e22", 1, 0, 0)
    cells += flow("u21", 1, 0, 0)
    cells += flow("u22", 1, 0, 0)
    cells += flow("v21", 1, 0, 0)
    cells += flow("v22", 1, 0, 0)
    cells += flow("p21", 1, 0, 0)
    cells += flow("k21", 1, 0, 0)
    cells += flow("k22", 1, 0, 0)
    cells += flow("f21", 1, 0, 0)
    cells += flow("f22", 2, 0, 0)

    findings = [
        {
            "report_id": "b21",
            "rule_id": "B-01",
            "severity": "error",
            "outcome": "violation",
            "location": "requests.total",
            "cells": "requests.new_received.total,requests.carried_in.total",
            "expected": 7.0,
            "printed": 2.0,
            "message_zh": "B-01 总计列: 一+二=7 ≠ 三(七)+四=2",
            "message_en": "B-01 total column: 7 received vs 2 handled",
        },
        {
            "report_id": "c21",
            "rule_id": "S-01",
            "severity": "warn",
            "outcome": "cannot_check",
            "location": "proactive",
            "cells": "",
            "expected": None,
            "printed": None,
            "message_zh": "S-01 缺单元格",
            "message_en": "S-01 cells missing",
        },
    ]
    files = [
        {"path": r["path"], "report_id": r["report_id"], "size_bytes": 100, "format": "txt"}
        for r in reports
    ]
    return {
        "files": frame("files", files),
        "reports": frame("reports", reports),
        "cells": frame("cells", cells),
        "quality_findings": frame("quality_findings", findings),
    }
