"""DOCX as a publisher's Word file: headings, prose and the tables with merged cells.

python-docx builds the document; merged cells are real gridSpan/vMerge merges. Word files carry
dates (core properties) and zip timestamps, so both are pinned: the same truth gives the same
bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from corpus.render.document import Heading, Para, ReportDoc, Table, build
from corpus.truth import ReportTruth

_FIXED = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _add_table(document, table: Table) -> None:
    grid = table.grid()
    t = document.add_table(rows=len(grid), cols=table.ncols)
    t.style = "Table Grid"
    # python-docx's table.cell() rescans the whole table per call: take every cell once, up front
    cells = [list(row.cells) for row in t.rows]
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while grid[r][c] is not cell:
                c += 1
            target = cells[r][c]
            target.text = cell.text
            if cell.rowspan > 1 or cell.colspan > 1:
                target.merge(cells[r + cell.rowspan - 1][c + cell.colspan - 1])
            c += cell.colspan


def _pin_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps and order (python-docx stamps the clock)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            dst.writestr(pinned, src.read(info.filename))
    return out.getvalue()


def render_docx(truth: ReportTruth) -> bytes:
    """The report as a .docx (deterministic bytes)."""
    doc: ReportDoc = build(truth)
    document = new_document()
    normal = document.styles["Normal"]
    normal.font.name = "宋体"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for line in doc.title:
        p = document.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_paragraph(block.text, style="Heading 2")
        elif isinstance(block, Para):
            document.add_paragraph(block.text)
        else:
            _add_table(document, block)
            document.add_paragraph("")
    for line in doc.signature:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    props = document.core_properties
    props.author = truth.agency_printed
    props.last_modified_by = truth.agency_printed
    props.title = "".join(doc.title)
    props.created = _FIXED
    props.modified = _FIXED
    props.last_printed = _FIXED
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return _pin_zip(buf.getvalue())
