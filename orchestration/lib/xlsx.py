"""An XLSX workbook written column-wise: each sheet's XML is built by polars expressions.

The workbook is for Excel and WPS users, and a national year puts five marts of 100,000 rows
in it. xlsxwriter (and polars ``write_excel`` on top of it) spends several microseconds of
Python per cell: about 90 s of a 20,000-report publish, minutes at 100,000 reports, on every
run. Here a column becomes its cells' XML in one vectorised expression and a row is their
concatenation, so a sheet costs what polars' string kernels and zlib cost.

What is written is plain SpreadsheetML (ECMA-376 part 1), the subset every reader takes:
inline strings (``t="inlineStr"``, as xlsxwriter's constant-memory mode writes them), numbers,
booleans, dates as serial numbers with a date format, a bold frozen header row with a filter,
and column widths from the longest text (CJK counted double). The tests read every workbook
back with two independent readers (openpyxl and calamine).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import polars as pl

#: Excel's limits: rows per sheet (with the header), characters per cell
MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32_767
#: rows turned into XML at a time (bounds the memory of one sheet's text; small enough that
#: building one chunk overlaps compressing the one before)
CHUNK_ROWS = 10_000

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)

#: cell styles (``s``): index into cellXfs in :data:`_STYLES`
_RATE, _DATE, _DATETIME, _HEADER = 1, 2, 3, 4
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0000"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
#: characters XML 1.0 cannot hold at all (a cell keeps the rest of its text)
_NOT_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def escaped_text(expr: pl.Expr) -> pl.Expr:
    """Text as XML character data: markup escaped, characters XML cannot hold dropped, and cut
    at Excel's cell limit (the CSV and Parquet files hold the whole text)."""
    return (
        expr.str.replace_all(_NOT_XML, "")
        .str.slice(0, MAX_CELL_CHARS)
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all("\r", "&#13;", literal=True)  # a parser would read a bare CR as LF
    )


def cell_xml(name: str, dtype: pl.DataType, ref: pl.Expr) -> pl.Expr:
    """The ``<c>`` element of every value of column ``name`` (null: no element, an empty cell).

    ``ref`` is the cell reference (``B7``) of each row."""
    col = pl.col(name)
    if dtype == pl.Boolean:
        body, attrs = col.cast(pl.Int8).cast(pl.String), ' t="b"'
    elif dtype.is_integer():
        body, attrs = col.cast(pl.String), ""
    elif dtype.is_float():
        finite = col.is_finite()
        body = pl.when(finite).then(col.cast(pl.String))
        text = pl.when(~finite).then(col.cast(pl.String))  # NaN and ±inf stay readable, as text
        return pl.coalesce(
            pl.concat_str([pl.lit('<c r="'), ref, pl.lit(f'" s="{_RATE}"><v>'), body, pl.lit("</v></c>")]),
            pl.concat_str([pl.lit('<c r="'), ref, pl.lit('" t="inlineStr"><is><t>'), text, pl.lit("</t></is></c>")]),
        )  # fmt: skip
    elif dtype == pl.Decimal:
        body, attrs = col.cast(pl.String), ""
    elif dtype == pl.Date:
        days = (col - pl.lit(_EPOCH)).dt.total_days()
        body, attrs = days.cast(pl.String), f' s="{_DATE}"'
    elif dtype == pl.Datetime:
        micros = (
            col.dt.replace_time_zone(None) - pl.lit(dt.datetime(1899, 12, 30))
        ).dt.total_microseconds()
        body, attrs = (micros / 86_400_000_000).cast(pl.String), f' s="{_DATETIME}"'  # fmt: skip
    else:  # text, and anything else as its text (lists, times, durations…)
        text = (
            col.cast(pl.String)
            if dtype in (pl.String, pl.Categorical, pl.Enum)
            else _as_text(col, dtype)
        )
        return pl.concat_str(
            [pl.lit('<c r="'), ref, pl.lit('" t="inlineStr"><is><t xml:space="preserve">'),
             escaped_text(text), pl.lit("</t></is></c>")]
        )  # fmt: skip
    return pl.concat_str([pl.lit('<c r="'), ref, pl.lit(f'"{attrs}><v>'), body, pl.lit("</v></c>")])


def _as_text(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.List | pl.Array):
        inner = col.list.eval(pl.element().cast(pl.String)) if isinstance(dtype, pl.List) else col
        return pl.concat_str(
            [pl.lit("["), inner.cast(pl.List(pl.String)).list.join(", "), pl.lit("]")]
        )
    return col.cast(pl.String)


def column_widths(frame: pl.DataFrame) -> list[float]:
    """Each column's width in characters: its longest text or header, a CJK character counting
    two (its UTF-8 bytes are three), kept between 8 and 60."""
    if frame.is_empty():
        lengths = [0] * frame.width
    else:
        text = frame.select(pl.all().cast(pl.String, strict=False))
        widths = text.select(
            ((pl.all().str.len_bytes() + pl.all().str.len_chars()) / 2).max().fill_null(0)
        )
        lengths = list(widths.row(0))
    header = [(len(c.encode()) + len(c)) / 2 for c in frame.columns]
    return [min(60.0, max(8.0, float(max(h, n)) + 2)) for h, n in zip(header, lengths, strict=True)]


def sheet_rows(frame: pl.DataFrame, first_row: int) -> pl.Series:
    """The ``<row>`` elements of ``frame``'s rows, the first numbered ``first_row``."""
    number = (pl.int_range(pl.len(), dtype=pl.Int64) + first_row).cast(pl.String)
    cells = [
        cell_xml(name, dtype, pl.concat_str([pl.lit(column_letter(i)), number]))
        for i, (name, dtype) in enumerate(frame.schema.items())
    ]
    return frame.select(
        pl.concat_str(
            [pl.lit('<row r="'), number, pl.lit('">'), *cells, pl.lit("</row>")],
            ignore_nulls=True,
        ).alias("row")
    ).to_series()


def _sheet_head(frame: pl.DataFrame) -> str:
    last = _last_cell(frame)
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
        for i, w in enumerate(column_widths(frame), start=1)
    )
    header = "".join(
        f'<c r="{column_letter(i)}1" t="inlineStr" s="{_HEADER}"><is><t>{escape(name)}</t></is></c>'
        for i, name in enumerate(frame.columns)
    )
    return (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
        f'<sheetData><row r="1">{header}</row>'
    )


def _chunk_xml(frame: pl.DataFrame, start: int) -> bytes:
    """The ``<row>`` elements of rows ``start`` … ``start + CHUNK_ROWS`` as UTF-8, joined in polars."""
    rows = sheet_rows(frame.slice(start, CHUNK_ROWS), start + 2)
    return rows.str.join("").item().encode()


def _chunks_ahead(frame: pl.DataFrame) -> Iterator[bytes]:
    """Each chunk's XML, the next one built on a thread while the caller compresses this one
    (polars and zlib both let go of the GIL: a national sheet of 100,000 rows × 88 columns
    uses both cores instead of one)."""
    with ThreadPoolExecutor(1) as pool:
        ahead = None
        for start in range(0, frame.height, CHUNK_ROWS):
            following = pool.submit(_chunk_xml, frame, start)
            if ahead is not None:
                yield ahead.result()
            ahead = following
        if ahead is not None:
            yield ahead.result()


def _write_sheet(book: zipfile.ZipFile, part: str, frame: pl.DataFrame) -> None:
    """Write one worksheet part."""
    with book.open(part, "w", force_zip64=True) as out:
        out.write(_sheet_head(frame).encode())
        for xml in _chunks_ahead(frame):
            out.write(xml)
        out.write(b"</sheetData>")
        if frame.width:
            out.write(f'<autoFilter ref="A1:{_last_cell(frame)}"/>'.encode())
        out.write(b"</worksheet>")


def _last_cell(frame: pl.DataFrame, absolute: bool = False) -> str:
    """The bottom-right cell of the header and rows (``$Z$101`` when ``absolute``)."""
    mark = "$" if absolute else ""
    return f"{mark}{column_letter(max(frame.width, 1) - 1)}{mark}{frame.height + 1}"


def write_workbook(path: Path, sheets: Iterable[tuple[str, pl.DataFrame]]) -> None:
    """Write ``sheets`` (name, rows) as one workbook at ``path``, taking one sheet at a time
    from ``sheets`` (a generator keeps a single mart in memory).

    Names must be Excel sheet names (≤ 31 characters, none of ``[]:*?/\\``, unique); a frame
    longer than Excel's sheet is refused, not cut: the caller points to the full file instead.
    """
    names: list[str] = []
    filters: list[str] = []
    part = path.with_name(path.name + ".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, frame in sheets:
            _check_sheet(name, frame, names)
            names.append(name)
            _write_sheet(book, f"xl/worksheets/sheet{len(names)}.xml", frame)
            if frame.width:
                quoted = name.replace("'", "''")
                span = escape(f"'{quoted}'!$A$1:{_last_cell(frame, absolute=True)}")
                filters.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{len(names) - 1}" '
                    f'hidden="1">{span}</definedName>'
                )
        sheet_list = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(names, start=1)
        )
        defined = f"<definedNames>{''.join(filters)}</definedNames>" if filters else ""
        book.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{sheet_list}</sheets>{defined}</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}<Relationship Id="rId'
            f'{len(names) + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        )
        book.writestr("xl/styles.xml", _STYLES)
        book.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(names) + 1)
        )
        book.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
    if not names:
        part.unlink()
        raise ValueError("a workbook needs at least one sheet")
    part.replace(path)


def _check_sheet(name: str, frame: pl.DataFrame, before: Sequence[str]) -> None:
    if not name or len(name) > 31 or any(ch in name for ch in "[]:*?/\\"):
        raise ValueError(f"not an Excel sheet name: {name!r}")
    if name.lower() in {n.lower() for n in before}:
        raise ValueError(f"sheet name {name!r} repeats")
    if frame.height + 1 > MAX_ROWS:
        raise ValueError(f"sheet {name!r} has {frame.height:,} rows, more than Excel holds")
