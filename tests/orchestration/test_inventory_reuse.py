"""The inventory reads a file again unless its identity and times are those recorded with its
sha256 (inventory.stat_key): an edited file is never keyed by its old bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.lib import inventory
from orchestration.lib.inventory import known_keys, scan, to_land


@pytest.fixture
def settle_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test settle the moment they are written (the real margin is 3 s)."""
    monkeypatch.setattr(inventory, "SETTLE_NS", 0)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = inventory.sha256_file

    def counting(path: Path) -> str:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(inventory, "sha256_file", counting)
    return read


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle_at_once: None
) -> None:
    for name in ("a.txt", "b.html"):
        (tmp_path / name).write_text(f"{name} 本年度收到申请5件", encoding="utf-8")
    first = to_land(scan(tmp_path))
    assert first["stat_key"].null_count() == 0
    read = _reads(monkeypatch)
    second = to_land(scan(tmp_path, known=known_keys(first)))
    assert read == []
    assert second.equals(first)


def test_an_edit_that_keeps_size_and_mtime_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle_at_once: None
) -> None:
    report = tmp_path / "a.txt"
    report.write_bytes(b"new_received 5")
    first = to_land(scan(tmp_path))
    before = report.stat()
    report.write_bytes(b"new_received 6")  # same size
    os.utime(report, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime put back
    read = _reads(monkeypatch)
    second = to_land(scan(tmp_path, known=known_keys(first)))
    assert read == ["a.txt"]
    assert second["report_id"][0] != first["report_id"][0]
    assert second["report_id"][0] == inventory.sha256_file(report)


def test_a_file_that_had_not_settled_gets_no_key(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("just written", encoding="utf-8")
    assert to_land(scan(tmp_path))["stat_key"].to_list() == [None]


@settings(max_examples=40, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 3), st.binary(min_size=0, max_size=6), st.booleans()),
        max_size=8,
    )
)
def test_reusing_keys_gives_the_ids_of_reading_everything(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[int, bytes, bool]]
) -> None:
    """Any sequence of writes (same size or not, mtime put back or not), each followed by a
    scan that reuses the previous scan's keys, ends with the ids a full read gives."""
    folder = tmp_path_factory.mktemp("reports")
    saved, inventory.SETTLE_NS = inventory.SETTLE_NS, 0
    try:
        for i in range(4):
            (folder / f"r{i}.txt").write_bytes(b"abc")
        held = to_land(scan(folder))
        for which, data, restore in edits:
            path = folder / f"r{which}.txt"
            old = path.stat()
            path.write_bytes(data.ljust(3, b"x")[:3] if restore else data)
            if restore:
                os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
            held = to_land(scan(folder, known=known_keys(held)))
            assert held["report_id"].to_list() == to_land(scan(folder))["report_id"].to_list()
    finally:
        inventory.SETTLE_NS = saved
