"""Fingerprints of the code that made a landed row: when the code changes, the rows are remade.

``extractor_version`` (the extract package) decides which files are read again; ``rules_version``
(the expectations package) which reports are checked again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path


def package_fingerprint(package: str) -> str:
    """16 hex digits over every ``.py`` and ``.csv`` file of ``package``, names and bytes."""
    digest = hashlib.sha256()
    root = Path(str(resources.files(package)))
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def extractor_version() -> str:
    """The extract package's code and vocabulary: a change re-extracts everything."""
    return package_fingerprint("extract")


@cache
def rules_version() -> str:
    """The expectations package (rules, catalog, messages): a change re-checks every report."""
    return package_fingerprint("expectations")
