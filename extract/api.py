"""One report's bytes → :class:`~extract.model.Extraction`. Never raises on bad input.

sniff → read (per kind) → tokens → cells (mapping) + metadata. Any failure becomes
``status: rejected`` with a one-line reason naming what is wrong, so a batch never stops.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extract.layout import UnreadableSource
from extract.mapping import map_document
from extract.metadata import read_metadata
from extract.model import Extraction
from extract.readers import read_document
from extract.sniff import sniff
from extract.tokens import tokenize


def extract_bytes(data: bytes, name: str) -> Extraction:
    """Extract one report; ``name`` is reported as ``file`` and its suffix breaks kind ties."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        return _extract(data, name, digest)
    except UnreadableSource as exc:
        return Extraction.rejected(name, digest, str(exc) or "unreadable source")
    except Exception as exc:  # a bug must not stop a batch: reject with the cause
        return Extraction.rejected(name, digest, f"internal error: {type(exc).__name__}: {exc}")


def _extract(data: bytes, name: str, digest: str) -> Extraction:
    sniffed = sniff(data, name)
    if sniffed.kind is None:
        return Extraction.rejected(name, digest, sniffed.reason or "not a report")
    doc = read_document(data, sniffed.kind)
    meta = read_metadata(doc.text)
    mapped = map_document(tokenize(doc), doc.text, meta.year)
    if not mapped.cells:
        looks_like_report = (
            meta.year is not None and len(set(meta.sections) & {"二", "三", "四"}) >= 2
        )
        reason = (
            f"annual report whose tables 二、三、四 have no readable cells in this {sniffed.kind} "
            "(printed as images, or an unknown layout)"
            if looks_like_report
            else f"not an annual report: none of the three tables (二、三、四) found in this {sniffed.kind}"
        )
        return Extraction.rejected(name, digest, reason)
    meta.template = mapped.template
    return Extraction(
        file=name,
        sha256=digest,
        status="ok",
        report=meta,
        cells=mapped.cells,
        notes=[*doc.notes, *mapped.notes],
    )


def extract_path(path: str | Path) -> Extraction:
    """Extract the file at ``path``; an unreadable path is a rejection, not an exception."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return Extraction.rejected(str(path), "", f"cannot read file: {exc.strerror or exc}")
    return extract_bytes(data, str(path))
