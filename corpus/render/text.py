"""Plain-text layouts of a report, as publishers' and converters' text shows them.

- ``tsv``: one tab-separated line per table row as Word's text export writes it (samples 000,
  004): a merged cell once, positions covered from above as empty fields, rows padded.
- ``cell_per_line``: every printed cell on its own indented line, a blank cell a whitespace-only
  line, blank lines between (sample 001).
- ``cell_per_line_tab``: the same with a tab indent and a blank line between table rows (003).
- ``crawler``: a crawler's saved page (devset 004): a few ``key: value`` header lines, then the
  whole body on one line, each table row's numbers run together with no separator
  (``713000074``). Only the row sums can split them, and not always: the extractor may leave
  cells out with a note. Empty cells vanish, so blanks need marks.
- ``pdftext``: text pulled out of a PDF — cells separated by spaces, long labels wrapped mid-word
  onto the next line, merged stub labels on lines of their own, page-number lines (002). Empty
  cells vanish in such text, so this layout refuses blanks unless they are printed as marks.
"""

from __future__ import annotations

import random

from corpus.render.document import Heading, Para, ReportDoc, Table, build
from corpus.truth import ReportTruth

TEXT_LAYOUTS = ("tsv", "cell_per_line", "cell_per_line_tab", "pdftext", "crawler")


class LayoutCannotShow(ValueError):
    """The layout would lose information the truth holds (e.g. blank cells in PDF text)."""


def _head(doc: ReportDoc, rng: random.Random, with_meta: bool) -> list[str]:
    lines = ["", ""] if rng.random() < 0.5 else []
    lines += [*doc.title, ""]
    if with_meta:
        lines += [f"{k}：{v}" for k, v in doc.meta] + [""]
    return lines


def tsv_lines(doc: ReportDoc, rng: random.Random) -> list[str]:
    """Word's text export: one tab-separated line per table row, blanks as empty fields."""
    lines = _head(doc, rng, rng.random() < 0.3)
    for block in doc.blocks:
        if isinstance(block, Table):
            lines += ["\t".join(fields) for fields in block.word_rows()]
        else:
            lines.append(block.text)
        lines.append("")
    return [*lines, *doc.signature]


def cell_per_line_lines(
    doc: ReportDoc, rng: random.Random, indent: str, row_gap: bool
) -> list[str]:
    """One printed cell per line; a blank cell is a line of only the indent."""
    lines = _head(doc, rng, True)
    gap = [] if row_gap else [""]
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.grid():
                for cell in row:
                    if cell is not None:
                        lines += [indent + cell.text, *gap]
                if row_gap:
                    lines.append("")
        else:
            lines += [indent + block.text, ""]
    return [*lines, *doc.signature]


def _wrap_point(text: str, rng: random.Random) -> int:
    """Where a PDF line breaks a label: anywhere past its opening, mid-word."""
    return rng.randint(min(len(text) - 1, max(4, len(text) // 3)), len(text) - 1)


def _pdftext(doc: ReportDoc, rng: random.Random, truth: ReportTruth) -> list[str]:
    if truth.blanks and not truth.wording.blank_mark:
        raise LayoutCannotShow("pdftext loses empty cells: render blanks as marks or none")
    width = rng.choice((24, 28, 32))
    lines = ["", *doc.title, ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [block.text, ""]
        elif isinstance(block, Para):
            text = block.text
            while len(text) > 36:  # prose wraps at the page width
                lines.append(text[:36])
                text = text[36:]
            lines += [text, ""]
        else:
            for r, row in enumerate(block.grid()):
                texts: list[str] = []
                for c, cell in enumerate(row):
                    if cell is None:
                        continue
                    if block.name == "requests" and r >= 3 and c < 2 and cell.rowspan > 1:
                        k = _wrap_point(cell.text, rng) if len(cell.text) > 5 else len(cell.text)
                        lines += [cell.text[:k], ""] + ([cell.text[k:]] if cell.text[k:] else [])
                        continue
                    texts.append(cell.text)
                if texts and len(texts[0]) > width:
                    k = _wrap_point(texts[0], rng)
                    lines += [texts[0][:k], ""]
                    texts[0] = texts[0][k:]
                lines += [" ".join(t for t in texts if t), ""]
    out: list[str] = []
    page = 1
    every = rng.choice((40, 55, 70))
    style = rng.choice(("- {} -", "— {} —"))
    for i, line in enumerate([*lines, *doc.signature], 1):
        out.append(line)
        if i % every == 0:
            out += [style.format(page), ""]
            page += 1
    return out


def crawler_head(doc: ReportDoc, rng: random.Random, truth: ReportTruth) -> list[str]:
    """The ``key: value`` lines a crawler writes above the page's body (devset 004)."""
    meta = dict(doc.meta)
    published = truth.published.isoformat() if truth.published_stated else ""
    return [
        f"标题: {''.join(doc.title)}",
        f"发布时间: {published} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}".rstrip(),
        f"发布机构: {meta.get('发布机构', '')}",
        "栏目: 政府信息公开年报",
        "==================== 正文 ====================",
    ]


def _crawler(doc: ReportDoc, rng: random.Random, truth: ReportTruth) -> list[str]:
    if truth.blanks and not truth.wording.blank_mark:
        raise LayoutCannotShow("crawler text loses empty cells: render blanks as marks or none")
    head = crawler_head(doc, rng, truth)
    parts: list[str] = []
    for block in doc.blocks:
        if not isinstance(block, Table):
            parts.append(block.text)
            continue
        for row in block.rows:
            labels = [c.text for c in row if c.key is None]
            numbers = [c.text for c in row if c.key is not None]
            if block.name == "disputes":  # the disputes row keeps its spaces (devset 004)
                parts.append(" ".join(labels + numbers))
                continue
            text = (" " if rng.random() < 0.5 else "").join(labels)
            joiner = " " if labels and numbers and rng.random() < 0.6 else ""
            parts.append(text + joiner + "".join(numbers))
    body = ""
    for part in parts:
        body += part if rng.random() < 0.5 else " " + part
    return [*head, body.strip(), *doc.signature]


def render_text(truth: ReportTruth, layout: str) -> bytes:
    """The report as UTF-8 text in one of :data:`TEXT_LAYOUTS`."""
    doc = build(truth)
    rng = random.Random(truth.seed ^ 0x7E47)
    if layout == "tsv":
        lines = tsv_lines(doc, rng)
    elif layout == "cell_per_line":
        lines = cell_per_line_lines(doc, rng, "  ", row_gap=False)
    elif layout == "cell_per_line_tab":
        lines = cell_per_line_lines(doc, rng, "\t", row_gap=True)
    elif layout == "pdftext":
        lines = _pdftext(doc, rng, truth)
    elif layout == "crawler":
        lines = _crawler(doc, rng, truth)
    else:
        raise ValueError(f"unknown text layout {layout!r}; expected one of {TEXT_LAYOUTS}")
    return ("\n".join(lines) + "\n").encode("utf-8")
