"""The Excel exports at national scale: long marts stay out of the workbook, and past Excel's
row limit out of the CSVs, with a sheet that says where they are."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.lib import exports


def test_long_marts_point_to_their_csv_or_parquet(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(exports, "WORKBOOK_MAX_ROWS", 10)
    monkeypatch.setattr(exports, "CSV_MAX_ROWS", 20)
    conn = duckdb.connect()
    conn.execute(f"ATTACH '{tmp_path / 'marts.duckdb'}' AS pub")
    for name, rows in {"small": 5, "middle": 15, "long": 50}.items():
        conn.execute(
            f"CREATE TABLE pub.main.{name} AS SELECT i AS n, '机关' || i AS agency "
            f"FROM range({rows}) t(i)"
        )
    files = exports.write_exports(conn, "pub", ["small", "middle", "long"], tmp_path)
    assert files["small"] == "csv/small.csv" and files["middle"] == "csv/middle.csv"
    assert "long" not in files and not (tmp_path / "csv" / "long.csv").exists()
    for name, rows in {"small": 5, "middle": 15}.items():
        raw = (tmp_path / files[name]).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        with (tmp_path / files[name]).open(encoding="utf-8-sig") as handle:
            table = list(csv.reader(handle))
        assert table[0] == ["n", "agency"] and len(table) == rows + 1
        assert table[-1] == [str(rows - 1), f"机关{rows - 1}"]
    book = openpyxl.load_workbook(tmp_path / exports.WORKBOOK, read_only=True)
    assert book.sheetnames == ["small", "middle", "long", "数据字典"]
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    assert sheets["small"] == [("n", "agency"), *((i, f"机关{i}") for i in range(5))]
    assert sheets["middle"] == [("说明",), ("共 15 行，超过本工作簿上限，见 csv/middle.csv",)]
    assert sheets["long"] == [
        ("说明",),
        ("共 50 行，超过本工作簿上限，见 parquet/long.parquet 或 nianbao_marts.duckdb",),
    ]


@pytest.mark.parametrize("text", ['引号"与,逗号', "换行\n之后"])
def test_csv_quotes_what_needs_quoting(tmp_path: Path, text: str) -> None:
    conn = duckdb.connect()
    conn.execute("CREATE TABLE t AS SELECT ? AS note", [text])
    exports.write_csv_with_bom(conn, "t", tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [["note"], [text]]
