"""Cell accuracy of extractions against a hand-checked gold_cells.csv (pure: no I/O here).

Gold format: ``file,template,table,row,col,value``; ``EMPTY`` = the cell is blank in the source;
``meta`` rows give agency, year, template and published. A gold cell counts as right when the
extraction has the same key with the same number (blank ↔ ``None`` with empty text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.model import Extraction

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
