"""The file inventory (文件清单): every file under the reports folder, with its sha256.

Reading bytes is the only per-file work here; nothing is parsed. The sha256 is the report id, so
the same bytes under two names are one report, and unchanged files are never extracted twice. A
file whose identity and times (:func:`stat_key`) equal those recorded with its sha256 by an
earlier scan is not read again, as git trusts its index: its ctime cannot be set back by any
tool, and a key is recorded only for a file that had settled before it was read (the racy case).

Nothing found in the folder stops the run or is dropped without a word: :func:`scan` gives every
entry a row with a status — ``listed`` (to extract), ``rejected`` (landed in raw.files, rejected
by extraction with the reason: a name that is not UTF-8, bytes that cannot be read) or
``skipped`` (not a report file: hidden, a FIFO or device, a symlink loop, a symlink leaving the
folder) — and its reason. Symlinks that leave the folder are followed only with
``NIANBAO_FOLLOW_SYMLINKS=1``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from orchestration.lib.raw_tables import FILES_SCHEMA

FOLLOW_SYMLINKS_ENV = "NIANBAO_FOLLOW_SYMLINKS"

#: the inventory frame: raw.files' columns plus what became of the entry and why
SCAN_SCHEMA: dict[str, pl.DataType] = {
    **FILES_SCHEMA,
    "status": pl.String(),  # listed | rejected | skipped
    "reason": pl.String(),  # why rejected or skipped; null when listed
}

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
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

#: a file changed less than this before its hash was taken gets no stat key (re-read next scan):
#: wider than any file system's timestamp granularity (FAT: 2 s) and modest clock skew
SETTLE_NS = 3_000_000_000

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "a character device, not a regular file"),
    (stat.S_ISBLK, "a block device, not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
)


def file_format(path: str | Path) -> str:
    """The format a file claims by its suffix; extraction still sniffs the bytes.

    By ``os.path.splitext`` on the text, so the inventory builds no ``Path`` per entry."""
    return _FORMATS.get(os.path.splitext(path)[1].lower(), "unknown")


def stat_key(st: os.stat_result) -> str:
    """A file's identity and times: equal keys mean bytes unchanged (see the module docstring)."""
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def settled(st: os.stat_result, read_at_ns: int) -> bool:
    """Whether the file had stopped changing well before it was read at ``read_at_ns``."""
    return max(st.st_mtime_ns, st.st_ctime_ns) < read_at_ns - SETTLE_NS


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_id(path: Path) -> str:
    """The report id of ``path``: its sha256, or for bytes that cannot be read a stand-in made
    from the file's identity (so inventory and extraction key the rejection alike)."""
    try:
        return sha256_file(path)
    except OSError:
        try:
            st = path.stat()
            ident = stat_key(st)
        except OSError:
            ident = path.name
        return hashlib.sha256(f"unreadable:{ident}".encode(errors="surrogateescape")).hexdigest()


def display_name(name: str) -> str:
    """A name as text the warehouse can hold: bytes that are not UTF-8 shown as ``\\xff``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def misnamed(path: Path) -> Path | None:
    """The real file behind a :func:`display_name` path whose name is not UTF-8, else None."""
    if "\\x" not in str(path) or path.exists():
        return None
    raw = os.fsencode(str(path)).decode("unicode_escape").encode("latin-1")
    real = Path(os.fsdecode(raw))
    return real if real.exists() else None


def _row(rel: str, status: str, reason: str | None, **values: object) -> dict[str, object]:
    return {
        "path": rel,
        "report_id": values.get("report_id"),
        "size_bytes": values.get("size_bytes"),
        "format": file_format(rel),
        "stat_key": values.get("stat_key"),
        "status": status,
        "reason": reason,
    }


def _inside(target: Path, root: Path) -> bool:
    return target == root or root in target.parents


def _entry(
    path: Path, rel: str, root: Path, follow: bool, known: Mapping[str, tuple[str, str]]
) -> tuple[dict | None, Path | None]:
    """One directory entry → (its row, or a folder to walk into)."""
    if any(part.startswith(".") for part in rel.split("/")):
        return _row(rel, "skipped", "hidden file or folder"), None
    try:
        st = path.stat()  # follows symlinks
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _row(rel, "skipped", "symlink loop"), None
        if path.is_symlink():
            return _row(rel, "skipped", "broken symlink (its target does not exist)"), None
        return _row(rel, "rejected", f"cannot read file: {exc.strerror or exc}"), None
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return _row(rel, "skipped", "symlink loop"), None
        if not _inside(target, root) and not follow:
            reason = f"symlink leaves the reports folder (set {FOLLOW_SYMLINKS_ENV}=1 to follow)"
            return _row(rel, "skipped", reason), None
        if stat.S_ISDIR(st.st_mode) and _inside(target, root):
            return _row(rel, "skipped", "symlink to a folder inside the reports folder"), None
    if stat.S_ISDIR(st.st_mode):
        return None, path
    for test, what in _KINDS:
        if test(st.st_mode):
            return _row(rel, "skipped", what, size_bytes=st.st_size), None
    shown = display_name(rel)
    if shown != rel:
        return _row(
            shown,
            "rejected",
            "file name is not valid UTF-8; rename it",
            report_id=file_id(path),
            size_bytes=st.st_size,
        ), None
    key = stat_key(st)
    held = known.get(rel)
    if held is not None and held[0] == key:
        return _row(
            rel, "listed", None, report_id=held[1], size_bytes=st.st_size, stat_key=key
        ), None
    read_at = time.time_ns()
    try:
        digest = sha256_file(path)
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        return _row(rel, "rejected", reason, report_id=file_id(path), size_bytes=st.st_size), None
    key = key if settled(st, read_at) else None
    return _row(rel, "listed", None, report_id=digest, size_bytes=st.st_size, stat_key=key), None


def scan(
    folder: Path,
    follow_symlinks: bool | None = None,
    known: Mapping[str, tuple[str, str]] | None = None,
) -> pl.DataFrame:
    """Every entry below ``folder`` with what became of it (:data:`SCAN_SCHEMA`), by path.

    ``known`` maps a path to the (stat key, sha256) an earlier scan recorded (:func:`known_keys`
    of raw.files): a listed file with the same key now is not read again."""
    known = known or {}
    if not folder.is_dir():
        raise FileNotFoundError(f"reports folder {folder} does not exist")
    if follow_symlinks is None:
        follow_symlinks = os.environ.get(FOLLOW_SYMLINKS_ENV, "") == "1"
    root = folder.resolve()
    prefix = len(os.path.join(str(folder), ""))  # an entry's path is str(folder)/rel
    rows: list[dict] = []
    seen: set[tuple[int, int]] = set()
    todo = [folder]
    while todo:
        current = todo.pop()
        try:
            st = current.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            rel = current.relative_to(folder).as_posix()
            rows.append(_row(display_name(rel), "skipped", f"cannot list folder: {exc.strerror}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            rel = entry.path[prefix:]
            row, subfolder = _entry(path, rel, root, follow_symlinks, known)
            if row is not None:
                row["path"] = display_name(str(row["path"]))
                rows.append(row)
            if subfolder is not None:
                todo.append(subfolder)
    return pl.DataFrame(rows, schema=SCAN_SCHEMA).sort("path")


def known_keys(files: pl.DataFrame) -> dict[str, tuple[str, str]]:
    """path → (stat key, sha256) of the raw.files rows that recorded a key."""
    held = files.filter(pl.col("stat_key").is_not_null())
    return dict(
        zip(held["path"], zip(held["stat_key"], held["report_id"], strict=True), strict=True)
    )


def to_land(scanned: pl.DataFrame) -> pl.DataFrame:
    """The raw.files rows of a :func:`scan`: listed and rejected entries (extraction rejects the
    latter with their reason); skipped entries are not report files."""
    return scanned.filter(pl.col("status") != "skipped").select(list(FILES_SCHEMA))


def inventory(folder: Path) -> pl.DataFrame:
    """The raw.files rows for ``folder`` (see :func:`scan` for what is set aside and why)."""
    return to_land(scan(folder))
