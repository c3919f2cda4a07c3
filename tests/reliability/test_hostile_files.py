"""Hostile files and odd folder entries: each is its own rejection or skip, with a reason; the
CLI and the pipeline's extraction step end, in bounded time, with every file accounted for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from builders import REPORTS, TXT, hostile_files, report_text, with_big_cell

from extract.api import extract_bytes
from extract.sniff import sniff
from extract.values import cell_value, parse_number
from orchestration.lib.inventory import scan


def _big_cells(ex) -> list:
    return [c for c in ex.cells if c.value is not None and abs(c.value) >= 10**13]


def test_numbers_past_13_integer_digits_are_not_numbers() -> None:
    assert parse_number("9" * 13) == 10**13 - 1
    assert parse_number("9" * 14) is None
    assert parse_number("0" * 20 + "12") == 12
    assert cell_value("9" * 5000) == (None, "9" * 5000)
    assert parse_number("１" * 400) is None


@pytest.mark.parametrize("n_digits", [14, 400, 5000])
def test_a_huge_cell_costs_that_cell_not_the_report(n_digits: int) -> None:
    plain = extract_bytes(TXT.read_bytes(), "r.txt")
    ex = extract_bytes(with_big_cell(report_text(), n_digits).encode(), "r.txt")
    assert ex.status == "ok" and not _big_cells(ex)
    assert len(ex.cells) < len(plain.cells)  # that cell is left out (with the table's note)


def test_pdf_header_only_at_the_start_makes_a_pdf() -> None:
    assert sniff(b"\xef\xbb\xbf\n %PDF-1.7\n...", "x.txt").kind == "pdf"
    assert sniff("年度报告\n引用：%PDF-1.7 文件头\n".encode(), "x.txt").kind == "txt"
    assert sniff(b"\x00\x01\x02junk%PDF-1.4\n" + bytes(range(256)) * 8, "x.pdf").kind == "pdf"


def test_cli_ends_on_every_hostile_file_fifo_and_device(tmp_path: Path) -> None:
    expected = hostile_files(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    files = [str(tmp_path / name) for name in expected] + [str(fifo), "/dev/zero"]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "extract.cli", "extract", *files],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert done.returncode == 1, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == files
    by_name = {Path(line["file"]).name: line for line in lines}
    for name, reason in expected.items():
        if reason:
            assert by_name[name]["status"] == "rejected", name
            assert reason in by_name[name]["reason"], (name, by_name[name]["reason"])
        else:
            assert by_name[name]["status"] == "ok", (name, by_name[name].get("reason"))
            values = [c["value"] for c in by_name[name]["cells"]]
            assert values and all(v is None or abs(v) < 10**13 for v in values)
    assert by_name["pipe.txt"]["reason"] == "not a regular file (a FIFO)"
    assert by_name["zero"]["reason"] == "not a regular file (a device)"


def test_inventory_lists_every_odd_entry_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "ok.txt").write_bytes(TXT.read_bytes())
    (folder / os.fsdecode(b"bad\xff name.txt")).write_bytes(TXT.read_bytes())
    (folder / ".hidden.txt").write_text("x")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / "outside.txt").symlink_to(TXT)
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "report.txt").mkdir()  # a folder named like a report is walked, not read
    (folder / "report.txt" / "inner.md").write_bytes(TXT.read_bytes())
    (folder / "unreadable.txt").symlink_to(f"/proc/{os.getpid()}/mem")  # EIO, even for root

    rows = {r["path"]: r for r in scan(folder).iter_rows(named=True)}
    assert rows["ok.txt"]["status"] == "listed"
    assert rows["report.txt/inner.md"]["status"] == "listed"
    assert rows["bad\\xff name.txt"]["status"] == "rejected"
    assert rows["bad\\xff name.txt"]["reason"] == "file name is not valid UTF-8; rename it"
    assert rows[".hidden.txt"]["status"] == "skipped"
    assert "FIFO" in rows["pipe.txt"]["reason"]
    assert rows["loop_a.txt"]["reason"] == "symlink loop"
    assert "leaves the reports folder" in rows["outside.txt"]["reason"]
    assert "leaves the reports folder" in rows["unreadable.txt"]["reason"]
    assert "broken symlink" in rows["gone.txt"]["reason"]
    assert all(r["reason"] for r in rows.values() if r["status"] != "listed")

    followed = {r["path"]: r for r in scan(folder, follow_symlinks=True).iter_rows(named=True)}
    assert followed["outside.txt"]["status"] == "listed"
    assert followed["unreadable.txt"]["status"] == "rejected"
    assert followed["unreadable.txt"]["reason"].startswith("cannot read file")


def _materialize_raw(folder: Path, root: Path, follow: bool) -> dg.ExecuteInProcessResult:
    from orchestration.defs.assets.ingest import raw_extractions, raw_files
    from orchestration.defs.resources import build_resources

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NIANBAO_REPORTS_DIR", str(folder))
        patch.setenv("NIANBAO_DUCKDB_PATH", str(root / "wh.duckdb"))
        patch.setenv("NIANBAO_PUBLISH_DIR", str(root / "publish"))
        patch.setenv("NIANBAO_GX_DIR", str(root / "gx"))
        patch.setenv("NIANBAO_FOLLOW_SYMLINKS", "1" if follow else "0")
        resources = build_resources()
        return dg.materialize(
            [raw_files, raw_extractions],
            resources=resources,
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
        )


def test_pipeline_extraction_step_accounts_for_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    expected = hostile_files(folder)
    for source in sorted(REPORTS.glob("hongze-*"))[:3]:
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / os.fsdecode(b"bad\xff name.txt")).write_bytes(TXT.read_bytes() + b"\n")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / ".hidden.txt").write_text("x")
    (folder / "unreadable.txt").symlink_to(f"/proc/{os.getpid()}/mem")

    started = time.monotonic()
    result = _materialize_raw(folder, tmp_path, follow=True)
    assert result.success
    assert time.monotonic() - started < 60
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as conn:
        files = dict(conn.execute("SELECT path, report_id FROM raw.files").fetchall())
        reports = {
            row[0]: row[1:]
            for row in conn.execute("SELECT report_id, status, reason FROM raw.reports").fetchall()
        }
        big = conn.execute("SELECT count(*) FROM raw.cells WHERE abs(value) >= 1e13").fetchone()
    assert set(files.values()) <= set(reports)  # every landed file reached raw.reports
    status = {path: reports[rid] for path, rid in files.items()}
    for name, reason in expected.items():
        assert status[name][0] == ("rejected" if reason else "ok"), (name, status[name])
        assert reason in (status[name][1] or ""), (name, status[name])
    assert status["bad\\xff name.txt"] == ("rejected", "file name is not valid UTF-8; rename it")
    assert status["unreadable.txt"][0] == "rejected"
    assert status["unreadable.txt"][1].startswith("cannot read file")
    assert big == (0,)
    scanned = {r["path"]: r for r in scan(folder).iter_rows(named=True)}
    for name in ("pipe.txt", "loop_a.txt", ".hidden.txt"):
        assert name not in files and scanned[name]["status"] == "skipped", name

    again = _materialize_raw(folder, tmp_path, follow=True)  # a second run is clean
    assert again.success
