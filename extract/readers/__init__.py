"""Readers: one per source kind, bytes in, :class:`extract.layout.Document` out.

Every reader keeps one contract (:class:`Reader`):

- it takes the file's bytes and nothing else, ``read_<kind>(data)``: no path, no options;
- it returns a :class:`~extract.layout.Document`: rows in reading order, a table's rows sharing
  one ``Row.table`` number (0-based, in reading order), each fragment's ``where`` a place a person
  can find in the source, merged-cell positions ``covered`` (not blank cells), the document's
  lines as ``text``, and notes for what it dropped or guessed;
- it raises :class:`~extract.layout.UnreadableSource` with a one-line reason when the bytes
  cannot be a report of its kind (truncated, encrypted, no text layer, …);
- a reader of tables (HTML, DOCX, PDF) runs each table through the clean-up steps of
  :mod:`extract.readers.grid`, so a quirk such as a 序号 column is read the same in every format;
- readers share code only through public names: :mod:`extract.readers.grid`, or another reader's
  ``read_*`` (DOCX reads an embedded HTML chunk with ``read_html``, an image is read as the
  scanned PDF it would have been) — never another reader's underscore names.

The readers are imported on first use: a missing or broken reader rejects its kind with a reason
instead of breaking the others.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from extract.layout import Document, UnreadableSource


class Reader(Protocol):
    """A reader: the bytes of one source file → its :class:`Document` (see the module)."""

    def __call__(self, data: bytes, /) -> Document: ...


#: source kind → the module and function of its reader
READERS: dict[str, tuple[str, str]] = {
    "txt": ("extract.readers.text", "read_text"),
    "md": ("extract.readers.text", "read_markdown"),
    "html": ("extract.readers.html", "read_html"),
    "pdf": ("extract.readers.pdf", "read_pdf"),
    "docx": ("extract.readers.docx", "read_docx"),
    "image": ("extract.readers.image", "read_image"),
}


def reader_for(kind: str) -> Reader:
    """The reader of ``kind``. Raises :class:`UnreadableSource` for a kind without one."""
    if kind not in READERS:
        raise UnreadableSource(f"unsupported source kind {kind!r}")
    module_name, func_name = READERS[kind]
    try:
        return getattr(importlib.import_module(module_name), func_name)
    except (ImportError, AttributeError) as exc:
        raise UnreadableSource(f"no {kind} reader available ({exc})") from None


def read_document(data: bytes, kind: str) -> Document:
    """Read ``data`` as a source of ``kind`` (txt, md, html, pdf, docx, image)."""
    return reader_for(kind)(data)
