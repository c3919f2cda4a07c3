"""The statutory cell vocabulary (spec/cells.csv): the contract between extractor, warehouse and checks.

Each cell of the national template (国办公开办函〔2019〕60号 and 〔2021〕30号) is keyed as
``(template, table, row, col)``. The CSV ships inside the package so the library works without
``../shared``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

TEMPLATES = ("2019", "2021")
TABLES = ("proactive", "requests", "disputes")

#: Applicant columns of the requests table (申请人情况), in printed order; ``total`` is 总计.
APPLICANT_COLUMNS = (
    "natural_person",  # 自然人
    "commercial",  # 商业企业
    "research",  # 科研机构
    "social_welfare",  # 社会公益组织
    "legal_services",  # 法律服务机构
    "other_org",  # 其他
)
REQUEST_COLUMNS = (*APPLICANT_COLUMNS, "total")

#: Dispute rows (行政复议 / 行政诉讼) and their outcome columns, in printed order.
DISPUTE_ROWS = ("review", "litigation_direct", "litigation_after_review")
DISPUTE_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


#: the cells that hold money (2019 政府集中采购 采购总金额, 2021 收费金额（万元）): decimals;
#: every other statutory cell is a count
MONEY_CELLS = frozenset(
    {("proactive", "procurement", "amount"), ("proactive", "fees", "amount_wan_yuan")}
)


@dataclass(frozen=True, slots=True)
class CellSpec:
    """One statutory cell: its key and the labels the template prints for it."""

    template: str
    table: str
    row: str
    col: str
    row_label: str
    col_label: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.col)


@cache
def cell_specs() -> tuple[CellSpec, ...]:
    """Every statutory cell of both template versions, in cells.csv order."""
    text = resources.files("extract").joinpath("cells.csv").read_text(encoding="utf-8")
    return tuple(CellSpec(**row) for row in csv.DictReader(text.splitlines()))


@cache
def template_cells(template: str) -> tuple[CellSpec, ...]:
    """The cells one template version prescribes."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template version {template!r}; expected one of {TEMPLATES}")
    return tuple(c for c in cell_specs() if c.template == template)


@cache
def template_keys(template: str) -> frozenset[tuple[str, str, str]]:
    return frozenset(c.key for c in template_cells(template))


@cache
def request_rows(template: str) -> tuple[str, ...]:
    """Row keys of the requests table (三、收到和处理政府信息公开申请情况) in printed order."""
    seen: dict[str, None] = {}
    for c in template_cells(template):
        if c.table == "requests":
            seen.setdefault(c.row, None)
    return tuple(seen)


def outcome_rows(template: str) -> tuple[str, ...]:
    """Rows that add up to ``result_total`` (三（一）…（六）), per B-02."""
    rows = request_rows(template)
    return rows[rows.index("granted") : rows.index("result_total")]


def all_keys() -> frozenset[tuple[str, str, str]]:
    """Every key of either version (a mixed report may print a row of the other version)."""
    return frozenset(c.key for c in cell_specs())
