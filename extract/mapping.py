"""Token stream → statutory cells (表格映射): find the tables, decide the template, read each.

Each table has its own reader in ``extract/tables/`` (proactive 二, requests 三, disputes 四).
Every reading decision there is proved by the layout or by the template's identities
(``extract/identities.py``); what cannot be proved is left out with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extract.labels import label_spelling, template_votes
from extract.locate import locate
from extract.model import Cell
from extract.tables.common import Note
from extract.tables.disputes import map_disputes
from extract.tables.proactive import map_proactive
from extract.tables.requests import map_requests
from extract.tokens import Token
from extract.vocabulary import template_keys


@dataclass(slots=True)
class Mapped:
    """What the mapper read: cells, the template version it decided, and notes for a human."""

    cells: list[Cell]
    template: str | None
    tables: set[str]
    #: notes with their codes and rows, for code that acts on them
    structured: list[Note]

    @property
    def notes(self) -> list[str]:
        return [str(n) for n in self.structured]


def decide_template(text: str, year: int | None) -> str | None:
    """2019 or 2021 from the table labels; the report year only breaks a tie."""
    v2019, v2021 = template_votes(label_spelling(text))
    if v2019 > v2021:
        return "2019"
    if v2021 > v2019:
        return "2021"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None


@lru_cache(maxsize=8)
def _table_keys(template: str, table: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(k for k in sorted(template_keys(template)) if k[0] == table)


def _not_read(cells: list[Cell], tables: set[str], template: str) -> list[Note]:
    """One note per table found whose template cells were not all read: nothing is left out
    silently."""
    got = {(c.table, c.row, c.col) for c in cells}
    out = []
    for table in sorted(tables):
        missing = [k for k in _table_keys(template, table) if k not in got]
        rows = {k[1] for k in got if k[0] == table}
        # a row the report printed in the other version's form (（六）其他处理) is not missing
        missing = [
            k
            for k in missing
            if not (k[1].startswith("other") and "other" in rows | {r[:5] for r in rows})
        ]
        if missing:
            names = ", ".join(f"{r}.{c}" for _, r, c in sorted(missing)[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            out.append(
                Note(
                    "cells_not_read",
                    f"{table}: {len(missing)} cell(s) of the template not read ({names}{more})",
                )
            )
    return out


def map_document(toks: list[Token], text: str, year: int | None) -> Mapped:
    """All cells of the three tables found in ``toks``."""
    regions = locate(toks)
    template = decide_template(text, year)
    t = template or "2021"
    results = {}
    if regions.proactive is not None:
        results["proactive"] = map_proactive(toks, regions.proactive, t)
    if regions.requests is not None:
        results["requests"] = map_requests(toks, regions, t)
    if regions.disputes is not None:
        results["disputes"] = map_disputes(toks, regions.disputes)
    cells = [c for r in results.values() for c in r.cells]
    notes = [n for r in results.values() for n in r.notes]
    notes += _not_read(cells, set(results), t)
    tables = {name for name, r in results.items() if r.cells}
    return Mapped(cells, template, tables, notes)
