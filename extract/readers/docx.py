"""DOCX reader (python-docx package, WordprocessingML walked directly) → :class:`Document`.

Paragraphs and tables come out in body order. Merged cells are resolved to the same grid as the
HTML reader: ``w:gridSpan`` widens a cell, ``w:vMerge`` continuation cells extend the cell above
(covered positions, not blank cells), ``w:gridBefore`` skips leading grid columns. Encrypted
documents arrive as an OLE compound file with an EncryptionInfo stream and are rejected.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from extract.layout import Document, Fragment, Row, UnreadableSource
from extract.readers.grid import (
    Span,
    clean_text,
    continue_table,
    drop_serial_column,
    grid_rows,
    row_line,
)
from extract.readers.html import read_html

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_SDT_CONTENT, _T, _TAB, _BR, _CR = (
    qn("w:sdtContent"),
    qn("w:t"),
    qn("w:tab"),
    qn("w:br"),
    qn("w:cr"),
)
_VAL = qn("w:val")
_ALT_CHUNK, _SDT_PR, _PLACEHOLDER = qn("w:altChunk"), qn("w:sdtPr"), qn("w:showingPlcHdr")
_R_ID = qn("r:id")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TXBX = qn("w:txbxContent")
_CUSTOM_XML = qn("w:customXml")  # XML-mapped templates wrap rows, cells or blocks in it
_R, _RPR, _VANISH = qn("w:r"), qn("w:rPr"), qn("w:vanish")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MOVE_FROM = qn("w:moveFrom")


def _paragraph_text(p: Any) -> str:
    """A paragraph's visible text: runs (inserted text included, deleted text not), tabs and
    line breaks as spaces."""
    out: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        out.append((el.text or "") if el.tag == _T else " ")
    return "".join(out)


def _cell_text(tc: Any) -> str:
    """All paragraphs of a cell (and of any table nested in it), joined as one label."""
    return clean_text(" ".join(_texts(tc)))


def _texts(container: Any) -> list[str]:
    """Paragraph texts of a cell in body order, nested tables' cells included."""
    out: list[str] = []
    for el in container:
        if el.tag == _P:
            out.append(_paragraph_text(el))
        elif el.tag == _TBL:
            for tr in _unwrap(el, _TR):
                for tc in _unwrap(tr, _TC):
                    out.extend(_texts(tc))
        elif el.tag == _SDT:
            content = el.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_texts(content))
        elif el.tag == _CUSTOM_XML:
            out.extend(_texts(el))
    return out


def _int_attr(el: Any, path: str, default: int, minimum: int = 1) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return max(minimum, int(found.get(_VAL, default)))
    except ValueError:
        return default


def _table_spans(tbl: Any) -> list[Span]:
    """Grid spans of one table: gridSpan widens, vMerge continuation lengthens the cell above."""
    spans: list[Span] = []
    open_at: dict[int, int] = {}  # grid column → index in spans of the cell that may extend down
    for r, tr in enumerate(_unwrap(tbl, _TR)):
        trpr = tr.find(qn("w:trPr"))
        c = _int_attr(trpr, qn("w:gridBefore"), 0, minimum=0) if trpr is not None else 0
        for tc in _unwrap(tr, _TC):
            tcpr = tc.find(qn("w:tcPr"))
            width = 1
            merge = None
            if tcpr is not None:
                width = _int_attr(tcpr, qn("w:gridSpan"), 1)
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    merge = vm.get(_VAL) or "continue"
            hm = tcpr.find(qn("w:hMerge")) if tcpr is not None else None
            left = spans[-1] if spans else None
            if (
                hm is not None
                and (hm.get(_VAL) or "continue") == "continue"
                and left is not None
                and left.row == r
                and left.col + left.colspan == c
            ):  # Word 97 horizontal merge: widen the cell on the left
                spans[-1] = Span(left.row, left.col, left.rowspan, left.colspan + width, left.text)
                c += width
                continue
            above = open_at.get(c)
            if (
                merge == "continue"
                and above is not None
                and spans[above].row + spans[above].rowspan == r
            ):
                s = spans[above]
                spans[above] = Span(s.row, s.col, s.rowspan + 1, s.colspan, s.text)
            else:
                spans.append(Span(r, c, 1, width, _cell_text(tc)))
                open_at[c] = len(spans) - 1
            c += width
    return drop_serial_column(spans)


def _chunk_rows(
    part: Any, block: Any, chunk: int, tables: int
) -> tuple[list[Row], list[str], int, str | None]:
    """Rows of an embedded chunk (w:altChunk → an HTML or text part), its tables numbered after
    the ``tables`` read so far. Returns rows, text lines, tables used, and a note when the chunk
    is of a kind this reader does not read."""
    try:
        target = part.related_parts[block.get(_R_ID)]
    except KeyError:
        return [], [], 0, f"embedded chunk {chunk} (w:altChunk) has no target part"
    kind = (target.content_type or "").lower()
    blob = target.blob or b""
    if "html" in kind:
        try:
            inner = read_html(blob)
        except UnreadableSource as e:
            return [], [], 0, f"embedded HTML chunk {chunk} (w:altChunk) not read: {e}"
    elif kind == "text/plain":
        text = blob.decode("utf-8", errors="replace")
        lines = [clean_text(line) for line in text.splitlines()]
        rows = [
            Row([Fragment(line, f"chunk {chunk} line {i + 1}")])
            for i, line in enumerate(lines)
            if line
        ]
        return rows, [r.text for r in rows], 0, None
    else:
        return [], [], 0, f"embedded {kind or 'unknown'} chunk {chunk} (w:altChunk) not read"
    rows = []
    seen: set[int] = set()
    for r in inner.rows:
        frags = [Fragment(f.text, f"chunk {chunk} {f.where}", f.covered) for f in r.fragments]
        if r.table is not None:
            seen.add(r.table)
            rows.append(Row(frags, table=tables + r.table))
        else:
            rows.append(Row(frags))
    return rows, inner.text.split("\n"), len(seen), None


def _drop_hidden_runs(body: Any) -> None:
    """Hidden text (w:vanish) is not printed: a superseded number kept hidden is not a value."""
    for rpr in list(body.iter(_RPR)):
        vanish = rpr.find(_VANISH)
        run = rpr.getparent()
        if vanish is None or run is None or run.tag != _R:
            continue
        if vanish.get(_VAL, "true").lower() in ("0", "false", "off"):
            continue
        run.getparent().remove(run)


def _clear_placeholders(body: Any) -> None:
    """A content control showing its prompt (单击或点击此处输入文字) holds no value: blank it."""
    for sdt in list(body.iter(_SDT)):
        pr = sdt.find(_SDT_PR)
        if pr is not None and pr.find(_PLACEHOLDER) is not None:
            for t in sdt.iter(_T):
                t.text = ""


def _unwrap(parent: Any, tag: str) -> list[Any]:
    """Children of ``parent`` with ``tag``, looking inside content controls (w:sdt) and custom
    XML elements (w:customXml) too."""
    out: list[Any] = []
    for el in parent:
        if el.tag == tag:
            out.append(el)
        elif el.tag == _SDT:
            content = el.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_unwrap(content, tag))
        elif el.tag == _CUSTOM_XML:
            out.extend(_unwrap(el, tag))
    return out


def _is_layout(tbl: Any) -> bool:
    """A table used for page layout: one cell per row, and a cell holds a real table (two or
    more rows) of its own — e.g. the whole report typed inside one bordered cell. Its cells are
    read as body text, their tables as tables."""
    cells = [_unwrap(tr, _TC) for tr in _unwrap(tbl, _TR)]
    if not cells or any(len(row) != 1 for row in cells):
        return False
    return any(len(_unwrap(inner, _TR)) >= 2 for row in cells for inner in _unwrap(row[0], _TBL))


def _has_table(box: Any) -> bool:
    return any(True for _ in box.iter(_TBL))


def _blocks(body: Any) -> list[Any]:
    """Body-level paragraphs, tables and embedded chunks (w:altChunk) in order, unwrapping
    content controls (w:sdt) and layout tables (their cells' contents in reading order)."""
    out: list[Any] = []
    for el in body:
        if el.tag == _TBL and _is_layout(el):
            for tr in _unwrap(el, _TR):
                for tc in _unwrap(tr, _TC):
                    out.extend(_blocks(tc))
        elif el.tag == _P:
            # a text box holding a table: the table is read as a table after its anchor
            # paragraph, not flattened into that paragraph's text
            boxes = [b for b in el.iter(_TXBX) if _has_table(b)]
            for box in boxes:
                box.getparent().remove(box)
            out.append(el)
            for box in boxes:
                out.extend(_blocks(box))
        elif el.tag in (_TBL, _ALT_CHUNK):
            out.append(el)
        elif el.tag == _SDT:
            content = el.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_blocks(content))
        elif el.tag == _CUSTOM_XML:
            out.extend(_blocks(el))
    return out


# main-part content types python-docx refuses although the WordprocessingML is the same:
# macro-enabled documents (.docm) and templates (.dotx/.dotm)
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAINS = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# "Strict Open XML" packages: the same markup under ISO namespaces
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/main",
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
)


def _as_docx_package(data: bytes) -> bytes:
    """The package rewritten as an ordinary transitional .docx when it is a .docm/.dotx or a
    Strict Open XML file (python-docx reads neither); otherwise ``data`` unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml") if "[Content_Types].xml" in z.namelist() else b""
        with z.open("word/document.xml") as f:
            head = f.read(4096)
        other = any(t in types for t in _OTHER_MAINS)
        strict = _STRICT[0][0] in head
        if not (other or strict):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in z.infolist():
                blob = z.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    for t in _OTHER_MAINS:
                        blob = blob.replace(t, _DOCX_MAIN)
                if strict and info.filename.endswith((".xml", ".rels")):
                    for old, new in _STRICT:
                        blob = blob.replace(old, new)
                dst.writestr(info.filename, blob)
    return out.getvalue()


def _reject_container(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise UnreadableSource("password-protected DOCX")
        raise UnreadableSource("legacy Word .doc (OLE) file, not DOCX")
    if not data.startswith(b"PK"):
        raise UnreadableSource("not a DOCX (no zip header)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise UnreadableSource("not a DOCX (no word/document.xml)")
            z.getinfo("word/document.xml")
    except zipfile.BadZipFile:
        raise UnreadableSource("truncated or corrupt DOCX") from None


def read_docx(data: bytes) -> Document:
    """Read a .docx into rows: one row per paragraph, tables as grids with merges resolved."""
    _reject_container(data)
    try:
        document = docx.Document(io.BytesIO(_as_docx_package(data)))
        body = document.element.body
        # mc:AlternateContent carries the same text box twice (DrawingML choice, VML fallback)
        # and a tracked move keeps the moved text at its old place too (w:moveFrom)
        for dup in list(body.iter(_FALLBACK, _MOVE_FROM)):
            dup.getparent().remove(dup)
        _clear_placeholders(body)
        _drop_hidden_runs(body)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableSource("truncated or corrupt DOCX") from None
    except Exception:  # lxml XMLSyntaxError, zlib errors from a damaged member, …
        raise UnreadableSource("truncated or corrupt DOCX") from None
    rows: list[Row] = []
    lines: list[str] = []
    notes: list[str] = []
    tables = source = 0
    paragraphs = chunks = 0
    for block in _blocks(body):
        if block.tag == _ALT_CHUNK:
            chunks += 1
            got, got_lines, used, note = _chunk_rows(document.part, block, chunks, tables)
            if note:
                notes.append(note)
            rows.extend(got)
            lines.extend(got_lines)
            tables += used
            continue
        if block.tag == _P:
            paragraphs += 1
            text = clean_text(_paragraph_text(block))
            if text:
                rows.append(Row([Fragment(text, f"paragraph {paragraphs}")]))
                lines.append(text)
            continue
        source += 1
        grid = grid_rows(_table_spans(block), tables, f"table {source}")
        if not grid:
            continue
        tables += continue_table(rows, grid, notes)
        rows.extend(grid)
        lines.extend(row_line(r) for r in grid)
    if not rows:
        unread = [n for n in notes if "altChunk" in n]
        raise UnreadableSource("DOCX has no text" + (f" ({unread[0]})" if unread else ""))
    return Document(rows=rows, text="\n".join(lines), kind="docx", notes=notes)
