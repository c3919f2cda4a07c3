"""What extraction returns: report metadata and cells, the JSON Lines contract of ``nianbao extract``.

See ../shared/spec/README.md ("What `nianbao extract` prints"). Plain dataclasses, no I/O.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Number = int | float


@dataclass(slots=True)
class Cell:
    """One statutory cell as read: key, value (``None`` for blank or a mark), printed text, where,
    and how the reading was decided (``how``):

    - ``printed``: read as laid out (separators and column count agree);
    - ``split``: digits printed without a separator, cut where the template's identities allow
      exactly one cut;
    - ``placed``: a row printed fewer cells than columns (blanks dropped by an exporter), each
      number placed where the identities leave exactly one placement;
    - ``aligned``: a row's numbers printed apart from its label, matched to it by template order.

    ``confidence`` is set for cells read by OCR from a scanned page (``where`` ends ``(OCR)``):
    the recogniser's probability of the cell's least sure digit or mark.
    """

    table: str
    row: str
    col: str
    value: Number | None
    text: str
    where: str
    how: str = "printed"
    confidence: float | None = None

    def __reduce__(self) -> tuple[type[Cell], tuple[object, ...]]:
        """Pickle as the positional fields: every cell crosses a process boundary (the worker
        pool, a Dask cluster), and the default slot-state dict per cell costs twice the time."""
        return (
            Cell,
            (self.table, self.row, self.col, self.value, self.text, self.where, self.how,
             self.confidence),
        )  # fmt: skip


@dataclass(slots=True)
class ReportMeta:
    """Report-level metadata; anything the file does not state stays ``None``, never guessed."""

    agency: str | None = None  # 机关名称, as printed
    province: str | None = None
    city: str | None = None
    county: str | None = None
    year: int | None = None  # 报告年度
    template: str | None = None  # "2019" | "2021"
    published: str | None = None  # ISO date: 发文日期 / 发布时间 / signature date
    index_no: str | None = None  # 索引号
    #: section numerals (一…六) of the headings found, in the order they appear (for S-03)
    sections: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Statement:
    """A count stated in the report's prose (正文中的数字陈述), as ``extract.narrative`` reads it:
    the number, its clause (``共收到政府信息公开申请56件``) and where, and — only when the wording is unambiguous — the
    quantity it states and the template cells (``table.row.col``) whose sum that is."""

    number: int
    text: str
    where: str
    quantity: str | None = None
    cells: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """The result for one input file: ``ok`` with metadata and cells, or ``rejected`` with a reason."""

    file: str
    sha256: str
    status: Literal["ok", "rejected"]
    reason: str | None = None
    report: ReportMeta | None = None
    cells: list[Cell] = field(default_factory=list)
    #: things the extractor wants a human to know (e.g. run-together digits it refused to split)
    notes: list[str] = field(default_factory=list)
    #: the prose outside the tables (正文), one sentence per item; empty for a scan (OCR reads
    #: table cells only)
    narrative: list[str] = field(default_factory=list)
    #: every count the prose states, recognised (``quantity`` set) or not
    statements: list[Statement] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def rejected(cls, file: str, sha256: str, reason: str) -> Extraction:
        return cls(file=file, sha256=sha256, status="rejected", reason=reason)
