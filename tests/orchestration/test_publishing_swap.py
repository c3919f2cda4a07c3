"""Publishing is all-or-nothing: a failure leaves the published version and no debris."""

from __future__ import annotations

from pathlib import Path


def test_a_failed_publish_leaves_the_published_version_and_no_debris(tmp_path: Path) -> None:
    import duckdb
    import pytest

    from orchestration.lib.publishing import PUBLISHED_DB, publish_marts

    with duckdb.connect(str(tmp_path / "wh.duckdb")) as conn:
        conn.execute("create schema marts; create table marts.m as select 1 as x")
        assert publish_marts(conn, [("marts", "m")], tmp_path / "pub") == {"m": 1}
        before = (tmp_path / "pub" / PUBLISHED_DB).read_bytes()
        with pytest.raises(duckdb.CatalogException):
            publish_marts(conn, [("marts", "m"), ("marts", "missing")], tmp_path / "pub")
    assert (tmp_path / "pub" / PUBLISHED_DB).read_bytes() == before
    leftovers = [p.name for p in (tmp_path / "pub").rglob(".*tmp*")]
    assert leftovers == []
