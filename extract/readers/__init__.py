"""Readers: one per source kind, bytes in, :class:`extract.layout.Document` out.

Each reader raises :class:`extract.layout.UnreadableSource` with a one-line reason when the bytes
cannot be a report of its kind (truncated, encrypted, no text layer, …). The binary readers are
imported lazily: a missing or broken reader rejects its kind with a reason instead of breaking
the text path.
"""

from __future__ import annotations

import importlib

from extract.layout import Document, UnreadableSource
from extract.readers.text import read_text

_BINARY = {
    "html": ("extract.readers.html", "read_html"),
    "pdf": ("extract.readers.pdf", "read_pdf"),
    "docx": ("extract.readers.docx", "read_docx"),
    "image": ("extract.readers.image", "read_image"),
}


def read_document(data: bytes, kind: str) -> Document:
    """Read ``data`` as a source of ``kind`` (txt, md, html, pdf, docx, image)."""
    if kind in ("txt", "md"):
        return read_text(data, kind)
    if kind not in _BINARY:
        raise UnreadableSource(f"unsupported source kind {kind!r}")
    module_name, func_name = _BINARY[kind]
    try:
        reader = getattr(importlib.import_module(module_name), func_name)
    except (ImportError, AttributeError) as exc:
        raise UnreadableSource(f"no {kind} reader available ({exc})") from None
    return reader(data)
