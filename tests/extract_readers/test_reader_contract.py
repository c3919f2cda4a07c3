"""The reader contract (:mod:`extract.readers`): one function per kind, bytes in, Document out;
readers share code only through public names."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from extract.layout import Document, UnreadableSource
from extract.readers import READERS, read_document, reader_for

READERS_DIR = Path(__file__).resolve().parents[2] / "extract" / "readers"


@pytest.mark.parametrize("kind", READERS)
def test_every_reader_takes_bytes_and_returns_a_document(kind: str) -> None:
    reader = reader_for(kind)
    signature = inspect.signature(reader)
    signature.bind(b"")  # callable with the bytes alone
    assert signature.return_annotation in (Document, "Document")


def test_text_and_markdown_keep_their_kind() -> None:
    assert read_document("本年新收\t3".encode(), "txt").kind == "txt"
    assert read_document("| 本年新收 | 3 |".encode(), "md").kind == "md"


def test_an_unknown_kind_is_rejected_with_a_reason() -> None:
    with pytest.raises(UnreadableSource, match="unsupported source kind 'xls'"):
        read_document(b"", "xls")


def _reader(module: str) -> str:
    """The reader a module belongs to: ``extract.readers.pdf.ruled`` → ``pdf``."""
    return module.removeprefix("extract.readers.").split(".")[0]


def test_no_reader_imports_another_readers_private_names() -> None:
    found = []
    for path in sorted(READERS_DIR.rglob("*.py")):
        module = ".".join(path.relative_to(READERS_DIR.parents[1]).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if not node.module.startswith("extract.readers"):
                continue
            if _reader(node.module) == _reader(module):
                continue
            private = [a.name for a in node.names if a.name.startswith("_")]
            if private:
                found.append(f"{module} imports {private} from {node.module}")
    assert found == []
