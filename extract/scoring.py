"""Cell accuracy of extractions against a hand-checked gold_cells.csv (pure: no I/O here).

Gold format: ``file,template,table,row,col,value``; ``EMPTY`` = the cell is blank in the source;
``meta`` rows give agency, year, template and published. Every gold cell is one of three:

- right: the extraction has the key with the printed number (blank ↔ ``None``);
- left out: the extraction does not have the key (an honest "could not read it");
- wrong: a number that is not the printed one, or a number where the printed cell is blank or a
  mark (gold ``EMPTY``). A wrong number in the warehouse is worse than a gap, so the two are
  always counted apart. Cells the gold says nothing about are not counted.

:func:`classify_cells` does the same against a full expectation (a generated report's truth),
where it also knows what is *not* printed and the printed text of marks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from extract.model import Extraction

Key = tuple[str, str, str]

_META = ("agency", "year", "template", "published")


@dataclass(slots=True)
class FileScore:
    """How one file's extraction compares with its gold cells."""

    file: str
    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)  # "key: got X, gold Y"
    missing: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def left_out(self) -> int:
        """Gold cells the extraction does not have (``missing``, counted)."""
        return len(self.missing)

    @property
    def wrong_count(self) -> int:
        return len(self.wrong)

    def summary(self) -> str:
        """``right 12/15 (80.0%)  left out 3  wrong 0``: the three counts, never merged."""
        return (
            f"right {self.right}/{self.total} ({self.accuracy:.1%})"
            f"  left out {self.left_out}  wrong {self.wrong_count}"
        )


def parse_gold(text: str) -> dict[str, dict[tuple[str, str, str], str]]:
    """file → {(table,row,col): gold value text}; meta keys are ("meta", field, "value")."""
    gold: dict[str, dict[tuple[str, str, str], str]] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        gold.setdefault(rec["file"], {})[(rec["table"], rec["row"], rec["col"])] = rec["value"]
    return gold


def _same(got: object, gold: str) -> bool:
    if gold == "EMPTY":
        return got is None
    if got is None:
        return False
    try:
        return float(got) == float(gold)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(got) == gold


def score_file(ex: Extraction, gold: dict[tuple[str, str, str], str]) -> FileScore:
    """Compare one extraction with its gold cells (meta included)."""
    got: dict[tuple[str, str, str], object] = {(c.table, c.row, c.col): c.value for c in ex.cells}
    if ex.report is not None:
        for f in _META:
            got[("meta", f, "value")] = getattr(ex.report, f)
    score = FileScore(ex.file)
    for key, want in gold.items():
        score.total += 1
        label = "/".join(key[:2]) if key[0] == "meta" else "/".join(key)
        if key not in got:
            score.missing.append(label)
        elif _same(got[key], want):
            score.right += 1
        else:
            score.wrong.append(f"{label}: got {got[key]!r}, gold {want}")
    return score


def score_all(
    extractions: Iterable[Extraction], gold: dict[str, dict[tuple[str, str, str], str]]
) -> list[FileScore]:
    """Scores for every gold file; a gold file with no extraction scores 0."""
    by_name = {e.file.replace("\\", "/").rsplit("/", 1)[-1]: e for e in extractions}
    out = []
    for name, cells in gold.items():
        ex = by_name.get(name) or Extraction.rejected(name, "", "no such file")
        out.append(score_file(ex, cells))
    return out


def overall(scores: list[FileScore]) -> float:
    total = sum(s.total for s in scores)
    return sum(s.right for s in scores) / total if total else 0.0


def overall_counts(scores: list[FileScore]) -> tuple[int, int, int, int]:
    """(right, left out, wrong, total) over all files."""
    return (
        sum(s.right for s in scores),
        sum(s.left_out for s in scores),
        sum(s.wrong_count for s in scores),
        sum(s.total for s in scores),
    )


# ----------------------------------------------------------------------------- full expectation


@dataclass(frozen=True, slots=True)
class Expected:
    """What a report prints in one cell: the value (``None`` blank or mark) and, when known, the
    text exactly as printed ("" for blank, "／" for a mark), which ``Cell.text`` must repeat."""

    value: int | float | Decimal | None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class WrongCell:
    """One wrong cell: key, what the report prints, what the extraction said."""

    key: Key
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{'/'.join(self.key)}: expected {self.expected}, got {self.got}"


@dataclass(slots=True)
class CellVerdicts:
    """Every expected cell sorted into right / left out / wrong (plus cells not printed at all,
    which are wrong too)."""

    right: list[Key] = field(default_factory=list)
    left_out: list[Key] = field(default_factory=list)
    wrong: list[WrongCell] = field(default_factory=list)


def _number(got: object) -> Decimal | None:
    if got is None or isinstance(got, bool) or not isinstance(got, int | float | Decimal):
        return None
    try:
        return Decimal(str(got))
    except InvalidOperation:
        return None


def _value_text(value: object, text: str | None) -> str:
    shown = "blank" if value is None else str(value)
    return shown if text is None else f"{shown} ({text!r})"


def classify_cells(expected: Mapping[Key, Expected], ex: Extraction) -> CellVerdicts:
    """Right / left out / wrong for every expected cell; an emitted cell the report does not
    print is wrong. A rejected file leaves every cell out (it lands nothing)."""
    out = CellVerdicts()
    if ex.status != "ok":
        out.left_out = list(expected)
        return out
    got = {(c.table, c.row, c.col): c for c in ex.cells}
    for key, want in expected.items():
        cell = got.get(key)
        if cell is None:
            out.left_out.append(key)
            continue
        if want.value is None:
            ok = cell.value is None and (want.text is None or cell.text == want.text)
        else:
            n = _number(cell.value)
            ok = n is not None and n == Decimal(str(want.value))
        if ok:
            out.right.append(key)
        else:
            out.wrong.append(
                WrongCell(
                    key,
                    _value_text(want.value, want.text),
                    _value_text(cell.value, cell.text) + f" at {cell.where}",
                )
            )
    for key in got.keys() - expected.keys():
        cell = got[key]
        out.wrong.append(
            WrongCell(key, "not printed", _value_text(cell.value, cell.text) + f" at {cell.where}")
        )
    return out
