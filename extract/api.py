"""One report's bytes → :class:`~extract.model.Extraction`. Never raises on bad input.

sniff → read (per kind) → tokens → cells (mapping) + metadata. Any failure becomes
``status: rejected`` with a one-line reason naming what is wrong, so a batch never stops.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zlib
from pathlib import Path

from extract.layout import UnreadableSource
from extract.machine_read import public_where_in, settle
from extract.mapping import map_document
from extract.metadata import read_metadata
from extract.model import Extraction
from extract.narrative import read_narrative
from extract.readers import read_document
from extract.sniff import sniff
from extract.tokens import tokenize

#: bytes a file of each kind may have (a real report is well under a tenth of it): a 200 MB web
#: page or 50 MB of digits is rejected before it is read, not after it has taken gigabytes
MAX_BYTES = {
    "txt": 8 << 20,
    "md": 8 << 20,
    "html": 16 << 20,
    "pdf": 100 << 20,
    "docx": 100 << 20,
    "image": 50 << 20,
}
#: the largest file read at all (before its kind is known)
MAX_FILE_BYTES = max(MAX_BYTES.values())
#: what a .docx may inflate to (sum of its members' declared sizes; reading never exceeds them)
MAX_DOCX_INFLATED = 200 << 20
#: what one PDF stream, and all Flate streams together, may inflate to
MAX_PDF_STREAM = 64 << 20
MAX_PDF_INFLATED = 256 << 20


def _size(n: int) -> str:
    """Bytes for a reason line: ``9.1 GB``, ``200 MB``, ``3.4 kB``."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _docx_cost(data: bytes) -> str | None:
    """Why a .docx is too costly to open (a zip bomb), judged from its directory alone."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            inflated = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # the reader names the damage
    if inflated > MAX_DOCX_INFLATED:
        return f"docx inflates to {_size(inflated)} (limit {_size(MAX_DOCX_INFLATED)})"
    return None


_STREAM_RE = re.compile(rb"stream\r?\n")


def _pdf_cost(data: bytes) -> str | None:
    """Why a PDF is too costly to read (a stream that inflates to gigabytes), found by inflating
    each Flate stream in bounded pieces and counting, before pdfminer inflates it whole."""
    total = 0
    for match in _STREAM_RE.finditer(data):
        start = match.end()
        if data[start : start + 1] not in (b"x", b"h", b"X", b"H", b"8"):
            continue  # not a zlib stream (or encrypted): nothing to inflate
        inflater = zlib.decompressobj()
        pos, stream = start, 0
        try:
            while pos < len(data) and not inflater.eof:
                piece = inflater.decompress(data[pos : pos + 65536], 1 << 20)
                while True:
                    stream += len(piece)
                    if stream > MAX_PDF_STREAM or total + stream > MAX_PDF_INFLATED:
                        return (
                            f"PDF stream inflates to more than {_size(min(stream, MAX_PDF_STREAM))}"
                            f" (limit {_size(MAX_PDF_STREAM)} per stream, "
                            f"{_size(MAX_PDF_INFLATED)} in all)"
                        )
                    if not inflater.unconsumed_tail:
                        break
                    piece = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                pos += 65536
        except zlib.error:
            pass
        total += stream
    return None


def too_costly(data: bytes, kind: str) -> str | None:
    """Why reading ``data`` as ``kind`` would cost too much memory or time, or None."""
    limit = MAX_BYTES.get(kind)
    if limit is not None and len(data) > limit:
        return f"{kind} file is {_size(len(data))} (limit {_size(limit)})"
    if kind == "docx":
        return _docx_cost(data)
    if kind == "pdf":
        return _pdf_cost(data)
    return None


def extract_bytes(data: bytes, name: str) -> Extraction:
    """Extract one report; ``name`` is reported as ``file`` and its suffix breaks kind ties."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        return _extract(data, name, digest)
    except UnreadableSource as exc:
        return Extraction.rejected(name, digest, str(exc) or "unreadable source")
    except MemoryError:
        return Extraction.rejected(name, digest, "needs more memory than extraction may use")
    except Exception as exc:  # a bug must not stop a batch: reject with the cause
        return Extraction.rejected(name, digest, f"internal error: {type(exc).__name__}: {exc}")


def _extract(data: bytes, name: str, digest: str) -> Extraction:
    sniffed = sniff(data, name)
    if sniffed.kind is None:
        return Extraction.rejected(name, digest, sniffed.reason or "not a report")
    costly = too_costly(data, sniffed.kind)
    if costly:
        return Extraction.rejected(name, digest, costly)
    doc = read_document(data, sniffed.kind)
    meta = read_metadata(doc.text)
    mapped = map_document(tokenize(doc), doc.text, meta.year)
    if not mapped.cells:
        looks_like_report = (
            meta.year is not None and len(set(meta.sections) & {"二", "三", "四"}) >= 2
        )
        doubts = [n for n in mapped.structured if n.code != "cells_not_read"]
        if doubts:  # tables found, but no cell could be proved
            reason = (
                f"annual report whose tables could not be read with certainty in this "
                f"{sniffed.kind}: {doubts[0].text if doubts else 'no cell proved'}"
            )
        elif looks_like_report:
            reason = (
                f"annual report whose tables 二、三、四 have no readable cells in this "
                f"{sniffed.kind} (printed as images, or an unknown layout)"
            )
        else:
            reason = f"not an annual report: none of the three tables (二、三、四) found in this {sniffed.kind}"
        return Extraction.rejected(name, digest, reason)
    meta.template = mapped.template
    cells, doubts = settle(mapped.cells, doc.confidence, mapped.template, mapped.structured)
    narrative = read_narrative(doc)  # the prose only: the cells above are already decided
    return Extraction(
        file=name,
        sha256=digest,
        status="ok",
        report=meta,
        cells=cells,
        notes=[*doc.notes, *(public_where_in(n) for n in mapped.notes), *doubts],
        narrative=[text for text, _ in narrative.sentences],
        statements=narrative.statements,
    )


def extract_path(path: str | Path) -> Extraction:
    """Extract the file at ``path``; an unreadable path is a rejection, not an exception.

    Only regular files are read (a FIFO or device would block forever or never end), and none
    larger than :data:`MAX_FILE_BYTES`. The sha256 of a file not read is empty."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO must not block
    except OSError as exc:
        return Extraction.rejected(str(path), "", f"cannot read file: {exc.strerror or exc}")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return Extraction.rejected(str(path), "", f"not a regular file ({_kind(st.st_mode)})")
        if st.st_size > MAX_FILE_BYTES:
            reason = f"file is {_size(st.st_size)} (limit {_size(MAX_FILE_BYTES)})"
            return Extraction.rejected(str(path), "", reason)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Extraction.rejected(str(path), "", f"cannot read file: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:  # grew while read
        return Extraction.rejected(str(path), "", f"file is over {_size(MAX_FILE_BYTES)}")
    return extract_bytes(data, str(path))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
