"""The generated reference pages in docs/ match the code they are generated from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["rules.md", "cells.md"])
def test_generated_page_is_current(name: str) -> None:
    page = _generator().PAGES[name]()
    assert (DOCS / name).read_text(encoding="utf-8") == page, (
        f"docs/{name} is stale: run .venv/bin/python docs/generate.py"
    )


def test_every_rule_and_cell_is_on_its_page() -> None:
    from expectations.catalog import RULE_CATALOG
    from extract.vocabulary import cell_specs

    rules = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert all(f"| {r.rule_id} |" in rules for r in RULE_CATALOG)
    cells = (DOCS / "cells.md").read_text(encoding="utf-8")
    assert all(f"`{c.row}`" in cells and f"`{c.col}`" in cells for c in cell_specs())
