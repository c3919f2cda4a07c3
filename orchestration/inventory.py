"""The file inventory (文件清单): every file under the reports folder, with its sha256.

Reading bytes is the only per-file work here; nothing is parsed. The sha256 is the report id, so
the same bytes under two names are one report, and unchanged files are never extracted twice.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

from orchestration.raw_tables import FILES_SCHEMA

_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


def file_format(path: Path) -> str:
    """The format a file claims by its suffix; extraction still sniffs the bytes."""
    return _FORMATS.get(path.suffix.lower(), "unknown")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inventory(folder: Path) -> pl.DataFrame:
    """Every regular file below ``folder`` (hidden files and folders excluded), sorted by path."""
    if not folder.is_dir():
        raise FileNotFoundError(f"reports folder {folder} does not exist")
    rows = [
        {
            "path": path.relative_to(folder).as_posix(),
            "report_id": sha256_file(path),
            "size_bytes": path.stat().st_size,
            "format": file_format(path),
        }
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    return pl.DataFrame(rows, schema=FILES_SCHEMA)
