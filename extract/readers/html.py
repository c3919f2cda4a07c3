"""HTML reader: a saved web page (or HTML embedded in a text file) → :class:`Document`.

Real ``<table>`` structure is kept: rowspan/colspan are resolved to a grid where a merged cell's
text sits at its top-left position and the positions it covers are ``covered`` fragments (not
blank cells). Word-exported markup splits one label over many ``<span>``s and wraps it over
source lines; :func:`clean_text` joins it back. Site chrome (scripts, styles, navigation) is
dropped. The grid and text helpers it shares with the DOCX and PDF readers live in
:mod:`extract.readers.grid`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from extract.decode import decode_bytes
from extract.layout import Document, Fragment, Row, UnreadableSource
from extract.readers.grid import (
    Span,
    clean_text,
    continue_table,
    drop_serial_column,
    grid_rows,
    row_line,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
#: the characters of :data:`_CONTROL` but the surrogates
_CONTROL_CHARS = tuple(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
_CONTROL_CHARS += ("\ufffe", "\uffff")
_MARKUP = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9:]*[\s/>]|!doctype)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


# --------------------------------------------------------------------------- page walking

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "button",
    "textarea",
    "nav",
    "head",
    "meta",
    "link",
}
_CHROME_TAGS = {"header", "footer", "aside"}
_CHROME_TOKENS = {
    "nav",
    "navbar",
    "menu",
    "header",
    "head",
    "top",
    "topbar",
    "footer",
    "foot",
    "bottom",
    "breadcrumb",
    "crumb",
    "crumbs",
    "sidebar",
    "share",
    "toolbar",
    "skip",
    "search",
    "login",
}
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "blockquote",
    "pre",
    "tr",
    "td",
    "th",
    "dt",
    "dd",
    "dl",
    "hr",
    "caption",
    "form",
    "address",
    "center",
    "title",
    "figure",
    "figcaption",
    "table",
    "tbody",
    "thead",
    "tfoot",
}
_REPORT_WORDS = ("年度报告", "年报")


#: the parser of ``lxml.html.document_fromstring``, without its element classes: their Python
#: lookup on every element access cost more than the rest of the walk
_PARSER = etree.HTMLParser()
#: ``lxml.html``'s ``text_content()``: the text nodes under an element (comments left out)
_TEXT_CONTENT = etree.XPath("string()", smart_strings=False)


def _parse(text: str) -> etree._Element:
    """``lxml.html.document_fromstring(text)``, same tree, same errors, plain elements."""
    root = etree.fromstring(text, _PARSER)
    if root is None:
        raise etree.ParserError("Document is empty")
    return root


def _drop_tree(el: etree._Element) -> None:
    """``lxml.html``'s ``drop_tree()``: remove ``el`` and its subtree, its tail text kept."""
    parent = el.getparent()
    assert parent is not None
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


def _is_chrome(el: etree._Element) -> bool:
    """Site navigation and furniture, unless it holds the report's own title or a table."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if not _looks_chrome(tag, el.get("class"), el.get("id")):
        return False
    if el.find(".//table") is not None:
        return False
    text = _TEXT_CONTENT(el)
    return not any(w in text for w in _REPORT_WORDS)


def _looks_chrome(tag: str, class_: str | None, id_: str | None) -> bool:
    """Whether tag, class or id name site chrome (header, nav, footer…)."""
    if tag in _CHROME_TAGS:
        return True
    names = f"{class_ or ''} {id_ or ''}"
    return names != " " and any(t in _CHROME_TOKENS for t in _tokens(names))


def _prune(root: etree._Element, strict: bool = True) -> list[etree._Element]:
    """Remove scripts and styles in place, and (``strict``) hidden elements and site chrome.

    Returns every node seen: held while the tree is walked, their Python proxies are reused
    instead of being made again at each visit (lxml keeps one proxy per live node)."""
    nodes = list(root.iter())
    doomed = [el for el in nodes if _doomed(el, strict)]
    for el in doomed:
        if el.getparent() is not None:
            _drop_tree(el)  # keeps the tail text, which belongs to the parent
    return nodes


def _doomed(el: etree._Element, strict: bool) -> bool:
    """Whether :func:`_prune` removes ``el``: a comment or processing instruction, a script or
    style, and (``strict``) a hidden element or site chrome."""
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return True
    if not strict:
        return _dropped_tag(tag)
    get = el.get
    verdict = _doomed_markup(tag, get("style"), get("hidden"), get("class"), get("id"))
    return _is_chrome(el) if verdict is None else verdict


@lru_cache(maxsize=1024)
def _dropped_tag(tag: str) -> bool:
    """Whether elements of this tag go whatever their attributes (scripts, styles, forms…)."""
    return tag.lower() in _DROP_TAGS


@lru_cache(maxsize=4096)
def _doomed_markup(
    tag: str, style: str | None, hidden: str | None, class_: str | None, id_: str | None
) -> bool | None:
    """:func:`_doomed` (strict) for an element of this tag and attributes, or None when it looks
    like site chrome and its content decides (cached: a page repeats a few markups many times)."""
    if _dropped_tag(tag) or _HIDDEN.search(style or "") or hidden:
        return True
    return None if _looks_chrome(tag, class_, id_) else False


@lru_cache(maxsize=4096)
def _tokens(names: str) -> tuple[str, ...]:
    """The words of a class and id (pages repeat the same few thousand)."""
    return tuple(_TOKEN_SPLIT.split(names.lower()))


@lru_cache(maxsize=1024)
def _local(tag: object) -> str:
    """``{namespace}td`` or ``w:td`` → ``td``; "" for a comment (cached: called for every
    element, few names)."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower() if isinstance(tag, str) else ""


@lru_cache(maxsize=1024)
def _is_block(tag: object) -> bool:
    """Whether an element of this tag breaks the text (``<p>``, ``<o:p>``, ``<td>``…)."""
    return _local(tag) in _BLOCK


def _rows_of(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of tables nested inside its cells)."""
    out = []
    for child in table:
        tag = _local(child.tag)
        if tag == "tr":
            out.append(child)
        elif tag in {"tbody", "thead", "tfoot"}:
            out.extend(c for c in child if _local(c.tag) == "tr")
    return out


def _cells_of(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if _local(c.tag) in {"td", "th"}]


_LEADING_INT = re.compile(r"\s*\+?([0-9]+)")


def _span(value: str | None, limit: int, zero: int) -> int:
    """A rowspan/colspan attribute as a count in 1..limit (``zero`` is what 0 means: to the end
    of the table for rowspan, 1 for colspan); as browsers do, only the leading digits count
    ("3.0", "3px" → 3), and junk counts as 1."""
    if value is None:
        return 1  # most cells (limit is at least 1)
    m = _LEADING_INT.match(value)
    n = int(m.group(1)[:6]) if m else 1
    return max(1, min(n if n > 0 else zero, limit))


class _Walker:
    """Walks the pruned tree in reading order, emitting prose lines and table rows."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.notes: list[str] = []
        self.tables = 0  # logical tables (a table split in two back to back counts once)
        self.title = ""
        self.had_tables = False
        self.images = 0
        self.source_tables = 0
        #: elements with a block below them, for :func:`cell_text` (None: not known)
        self.above_blocks: set[etree._Element] | None = None

    def flush(self) -> None:
        text = clean_text("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.lines.append(text)
            self.rows.append(Row([Fragment(text, f"line {len(self.lines)}")]))

    def walk(self, el: etree._Element) -> None:
        tag = _local(el.tag)
        if tag == "table":
            self.flush()
            self.table(el)
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if el.text:
                self.buffer.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self.buffer.append(el.tail)

    def table(self, table: etree._Element) -> None:
        trs = _rows_of(table)
        rows = [_cells_of(tr) for tr in trs]
        if _holds_table(table, rows):
            # a layout table holding tables: read its cells as ordinary blocks
            for cells in rows:
                for cell in cells:
                    self.walk_children(cell)
            return
        spans: list[Span] = []
        taken: set[tuple[int, int]] = set()
        n_rows = len(trs)
        for r, cells in enumerate(rows):
            c = 0
            for cell in cells:
                while (r, c) in taken:
                    c += 1
                # most cells have neither attribute: no call (_span of None is 1)
                rs = cs = 1
                if (rowspan := cell.get("rowspan")) is not None:
                    rs = _span(rowspan, n_rows - r, n_rows - r)
                if (colspan := cell.get("colspan")) is not None:
                    cs = _span(colspan, 64, 1)
                if rs == cs == 1:
                    taken.add((r, c))
                else:
                    taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
                spans.append(Span(r, c, rs, cs, cell_text(cell, self.above_blocks)))
                c += cs
        spans = drop_serial_column(spans)
        self.source_tables += 1
        grid = grid_rows(spans, self.tables, f"table {self.source_tables}")
        if not grid:
            return
        self.tables += continue_table(self.rows, grid, self.notes)
        for row in grid:
            self.rows.append(row)
            self.lines.append(row_line(row))

    def walk_children(self, el: etree._Element) -> None:
        self.flush()
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child)
        self.flush()


def _holds_table(table: etree._Element, rows: list[list[etree._Element]]) -> bool:
    """Whether a cell of the table's own rows holds a table (most tables have none at all: a
    search in C says so before the search cell by cell)."""
    if next(table.iterdescendants("table"), None) is None:
        return False
    return any(c.find(".//table") is not None for cells in rows for c in cells)


def cell_text(cell: etree._Element, above_blocks: set[etree._Element] | None = None) -> str:
    """All text of a cell, paragraphs and spans joined, whitespace normalised.

    ``above_blocks``: the elements of the (pruned) page with a block below them, when known
    (:func:`_above_blocks`); then the common cells — no block inside, or one ``<p>`` holding
    the rest — are read by lxml in C: the same text :func:`_with_breaks` finds node by node."""
    if len(cell) == 0:  # text only (half the cells of a page): no breaks to find
        return clean_text(cell.text or "")
    # block boundaries inside a cell (<p>, <br>) are wraps of one label: a space that
    # clean_text removes between Chinese characters and keeps between numbers/words
    if above_blocks is not None:
        if cell not in above_blocks:  # no block inside: one piece, all the text under it
            return clean_text(_text_of(cell))
        if len(cell) == 1 and (child := cell[0]) not in above_blocks and _is_block(child.tag):
            # <td>text<p>…</p>tail</td>, nothing breaking the <p>: three pieces at most
            return clean_text(" ".join(p for p in (cell.text, _text_of(child), child.tail) if p))
    return clean_text(" ".join(_with_breaks(cell)))


def _text_of(el: etree._Element) -> str:
    """All text under ``el`` (its text and its descendants' text and tails, not its own tail):
    what :func:`_add_pieces` joins when no block breaks it, on a pruned tree (elements and
    text only)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _above_blocks(body: etree._Element, tags: set[object]) -> set[etree._Element] | None:
    """The elements under ``body`` with a block element below them (``tags``: every tag the
    tree may hold), or None when lxml could not find the blocks by their names.

    The caller keeps a proxy of every node alive (see :func:`_prune`), so lxml hands back the
    same object for a node each time and set membership is node identity."""
    blocks = sorted(t for t in tags if isinstance(t, str) and _is_block(t))
    if any("{" in t for t in blocks):  # lxml would read "{ns}name" as a namespace
        return None
    above: set[etree._Element] = set()
    if not blocks:  # (no name at all would mean every element)
        return above
    for el in body.iter(*blocks):  # found in C by exact name
        parent = el.getparent()
        while parent is not None and parent not in above:
            above.add(parent)
            parent = parent.getparent()
    return above


def _with_breaks(el: etree._Element) -> list[str]:
    """Text pieces of ``el``, split where a block inside it starts or ends."""
    out: list[str] = []
    buf: list[str] = []
    _add_pieces(el, out, buf, block=False)  # the cell itself is no break
    if buf:
        out.append("".join(buf))
    return out


def _add_pieces(
    node: etree._Element, out: list[str], buf: list[str], block: bool | None = None
) -> None:
    """Add the text of ``node`` (not its tail) to ``buf``, moving ``buf`` to ``out`` as one
    piece where a block starts or ends (``block``: whether ``node`` is one, by default its tag)."""
    if block is None:
        block = _is_block(node.tag)
    if block and buf:
        out.append("".join(buf))
        buf.clear()
    if node.text:
        buf.append(node.text)
    for child in node:
        _add_pieces(child, out, buf)
        if child.tail:
            buf.append(child.tail)
    if block and buf:
        out.append("".join(buf))
        buf.clear()


def _decode(data: bytes) -> str:
    """The page's text. Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever the
    ``<meta charset>`` says: templates copied from old GBK sites keep ``charset=gb2312`` on
    UTF-8 pages, and GB18030 decodes most UTF-8 byte pairs without error (into mojibake), while
    real GBK Chinese text is practically never valid UTF-8."""
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text.removeprefix("\ufeff")
    return decode_bytes(data, html=True)


def read_html(data: bytes) -> Document:
    """Read an HTML page (or a text file with HTML inside) into rows: tables as grids, prose as
    one row per block. Raises :class:`UnreadableSource` when no body text is left."""
    text = _strip_controls(_XML_DECL.sub("", _decode(data)))
    if not text.strip():
        raise UnreadableSource("empty HTML page")
    if not _MARKUP.search(text):
        raise UnreadableSource("no HTML markup")
    walker = _read(text, strict=True)
    notes = walker.notes
    if walker.tables == 0 and walker.had_tables:
        # every table sat in a hidden or chrome-looking part (pages that reveal the article
        # by script): read again keeping those parts
        walker = _read(text, strict=False)
        notes = [*walker.notes, "tables found only in hidden or navigation-like page parts"]
    if walker.tables == 0 and walker.images:
        notes = [*notes, f"no tables, but {walker.images} images (tables printed as pictures?)"]
    if len(walker.rows) <= (1 if walker.title else 0):
        raise UnreadableSource("HTML page has no body text")
    return Document(rows=walker.rows, text="\n".join(walker.lines), kind="html", notes=notes)


def _strip_controls(text: str) -> str:
    """``_CONTROL.sub("", text)``, but most pages have none of those characters, and finding
    that out is cheaper one character at a time (a fast search each) plus a UTF-8 encoding
    (which fails exactly on a surrogate) than the regex's per-character class test."""
    if any(c in text for c in _CONTROL_CHARS):
        return _CONTROL.sub("", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _CONTROL.sub("", text)
    return text


_EMBEDDED_MARKUP = re.compile(r"<(?:table|p|div|span)[\s>]", re.I)


def _unembed(body: etree._Element) -> None:
    """Put the report back in the page where a site ships it as markup inside another element:
    an ``<iframe srcdoc>`` or a (hidden) ``<textarea>`` a script renders. Only content that is
    itself HTML (tables, paragraphs) is taken; an ordinary frame or form field is left alone."""
    for el in list(body.iter("iframe", "textarea")):
        inner = el.get("srcdoc") if el.tag == "iframe" else el.text
        if not inner or not _EMBEDDED_MARKUP.search(inner):
            continue
        try:
            sub = _parse(inner)
        except (etree.ParserError, ValueError):
            continue
        sub_body = sub.find("body")
        box = etree.Element("div")
        box.tail = el.tail
        if sub_body is not None:
            box.text = sub_body.text
            box.extend(list(sub_body))
        parent = el.getparent()
        if parent is not None:
            parent.replace(el, box)


def _read(text: str, strict: bool) -> _Walker:
    try:
        root = _parse(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableSource(f"unparseable HTML ({exc})") from None
    title_el = root.find(".//title")
    title = clean_text(_TEXT_CONTENT(title_el)) if title_el is not None else ""
    body = root.find("body")
    if body is None:
        body = root
    _unembed(body)
    had_tables = body.find(".//table") is not None
    nodes = _prune(body, strict)
    walker = _Walker()
    walker.above_blocks = _above_blocks(body, {el.tag for el in nodes})
    walker.images = sum(1 for _ in body.iter("img"))
    walker.title = title
    walker.had_tables = had_tables
    if title:
        walker.buffer.append(title)
        walker.flush()
    walker.walk_children(body)
    del nodes  # held until here: see _prune
    return walker
