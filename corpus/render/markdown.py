"""Markdown as a PDF-to-markdown converter writes it (devset 012): pipe tables, page markers.

Headings become ``##``; each table becomes a pipe table whose first row is the header; a merged
cell is written once, positions covered from above are empty cells, rows are padded. With ``broken=True`` a page break cuts the requests
table in two: a page marker (``— 5 —``), a repeated ``## 表三：…`` caption, and the rest of the
rows as a new pipe table (its first row promoted to header, as converters do).
"""

from __future__ import annotations

import random

from corpus.render.document import Heading, Para, ReportDoc, Table, build
from corpus.truth import ReportTruth

_CAPTIONS = {
    "proactive": "表二：主动公开政府信息情况",
    "requests": "表三：收到和处理政府信息公开申请情况",
    "disputes": "表四：政府信息公开行政复议、行政诉讼情况",
}


def pipe_table(rows: list[list[str]]) -> list[str]:
    """Rows as a pipe table: the first row is the header, then the rule, then the rest."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "｜") for c in cells) + " |"

    return [line(rows[0]), "|" + "---|" * len(rows[0]), *(line(r) for r in rows[1:])]


def _table(table: Table, rng: random.Random, broken: bool, page: list[int]) -> list[str]:
    grid = table.word_rows()
    if not (broken and table.name == "requests" and len(grid) > 8):
        return pipe_table(grid)
    cut = rng.randint(5, len(grid) - 3)
    page[0] += 1
    return [
        *pipe_table(grid[:cut]),
        "",
        f"— {page[0]} —",
        f"## {_CAPTIONS[table.name]}",
        *pipe_table(grid[cut:]),
    ]


def render_markdown(truth: ReportTruth, broken: bool = False) -> bytes:
    """The report as UTF-8 markdown."""
    doc: ReportDoc = build(truth)
    rng = random.Random(truth.seed ^ 0x3D3D)
    lines = [f"# {' '.join(doc.title)}", ""]
    page = [0]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"## {block.text}", ""]
        elif isinstance(block, Para):
            lines += [block.text, ""]
        else:
            lines += [*_table(block, rng, broken, page), ""]
    lines += list(doc.signature)
    return ("\n".join(lines) + "\n").encode("utf-8")
