"""The workbook writer, read back by two readers that share no code with it (openpyxl and
calamine through fastexcel): every value comes back as it went in, whatever the text holds."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.lib.xlsx import CHUNK_ROWS, MAX_CELL_CHARS, column_letter, write_workbook

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _openpyxl_rows(path: Path, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    return list(book[sheet].iter_rows(values_only=True))


def _expected_text(value: str | None) -> str | None:
    """What a cell can hold of ``value``: no character XML forbids, Excel's length limit."""
    if value is None:
        return None
    return _NOT_XML.sub("", value)[:MAX_CELL_CHARS]


def test_column_letters_follow_excel() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702, 16383)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"
    ]  # fmt: skip


def test_every_type_comes_back(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "count": [1, None, -3, 2**53],
            "rate": [0.5, None, 1 / 3, float("nan")],
            "name": ["武陟县<人民政府>&", None, "  leading and trailing  ", "行一\n行二\r\n行三"],
            "on": [dt.date(2021, 1, 2), None, dt.date(1900, 3, 1), dt.date(2099, 12, 31)],
            "ok": [True, None, False, True],
            "amount": pl.Series(
                [decimal.Decimal("1.50"), None, decimal.Decimal("-12345678.1234"), decimal.Decimal(0)],
                dtype=pl.Decimal(18, 4),
            ),
            "at": [dt.datetime(2024, 5, 6, 7, 8, 9), None, dt.datetime(2000, 1, 1), dt.datetime(2021, 12, 31, 23, 59, 59)],
        }
    )  # fmt: skip
    path = tmp_path / "book.xlsx"
    write_workbook(path, [("数据", frame)])
    rows = _openpyxl_rows(path, "数据")
    assert rows[0] == tuple(frame.columns)
    assert rows[1] == (
        1,
        0.5,
        "武陟县<人民政府>&",
        dt.datetime(2021, 1, 2),
        True,
        1.5,
        dt.datetime(2024, 5, 6, 7, 8, 9),
    )
    assert rows[2] == (None,) * 7
    assert rows[3][:5] == (-3, 1 / 3, "  leading and trailing  ", dt.datetime(1900, 3, 1), False)
    assert rows[3][5] == pytest.approx(-12345678.1234)
    assert rows[4][0] == 2**53 and rows[4][1] == "NaN"  # NaN cannot be a number cell
    assert rows[4][2] == "行一\n行二\r\n行三"  # a carriage return survives the XML parser
    back = pl.read_excel(path, sheet_name="数据", drop_empty_rows=False)
    assert back["count"].to_list() == frame["count"].to_list()
    assert back["name"].to_list() == frame["name"].to_list()
    assert back["on"].to_list() == frame["on"].to_list()
    assert back["ok"].to_list() == frame["ok"].to_list()
    assert back["at"].to_list() == frame["at"].to_list()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.one_of(st.none(), st.text(max_size=40)), min_size=1, max_size=30),
    numbers=st.lists(st.one_of(st.none(), st.integers(-(2**53), 2**53)), min_size=30, max_size=30),
    name=st.text(alphabet=st.characters(blacklist_characters="[]:*?/\\'", blacklist_categories=("Cs", "Cc")), min_size=1, max_size=31),
)  # fmt: skip
def test_any_text_round_trips(tmp_path: Path, texts, numbers, name: str) -> None:
    frame = pl.DataFrame({"text": texts, "n": numbers[: len(texts)]})
    path = tmp_path / "any.xlsx"
    write_workbook(path, [(name, frame)])
    rows = _openpyxl_rows(path, name)[1:]
    assert len(rows) == frame.height
    for (text, n), (got_text, got_n) in zip(frame.iter_rows(), rows, strict=True):
        want = _expected_text(text)
        assert got_text == want or (want == "" and got_text is None)
        assert got_n == n
    back = pl.read_excel(
        path, sheet_name=name, drop_empty_rows=False, schema_overrides={"text": pl.String}
    )
    # calamine ends a sheet at its last cell: trailing rows with every value blank are not read
    filled = [i for i, row in enumerate(frame.iter_rows()) if any(v is not None for v in row)]
    shown = frame.head(filled[-1] + 1 if filled else 0)
    assert back["n"].cast(pl.Int64).to_list() == shown["n"].to_list()


def test_long_sheets_are_written_in_chunks_and_read_back_whole(tmp_path: Path) -> None:
    rows = CHUNK_ROWS * 2 + 17
    frame = pl.DataFrame(
        {
            "i": range(rows),
            "agency": [f"机关{i % 977}" for i in range(rows)],
            "x": [i / 7 for i in range(rows)],
        }
    )
    path = tmp_path / "long.xlsx"
    write_workbook(path, [("long", frame), ("数据字典", pl.DataFrame({"说明": ["一行"]}))])
    back = pl.read_excel(path, sheet_name="long")
    assert back.shape == frame.shape
    assert back["i"].to_list() == frame["i"].to_list()
    assert back["agency"].to_list() == frame["agency"].to_list()
    assert back["x"].to_list() == frame["x"].to_list()  # shortest round-trip text of a double
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        sheets = book.read("xl/workbook.xml").decode()
    assert re.findall(r'<sheet name="([^"]+)"', sheets) == ["long", "数据字典"]


def test_an_empty_mart_is_a_header_only_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    write_workbook(path, [("empty", pl.DataFrame(schema={"a": pl.Int64, "b": pl.String}))])
    assert _openpyxl_rows(path, "empty") == [("a", "b")]


@pytest.mark.parametrize(
    "sheets",
    [
        [("a" * 32, pl.DataFrame({"x": [1]}))],
        [("a/b", pl.DataFrame({"x": [1]}))],
        [("same", pl.DataFrame({"x": [1]})), ("SAME", pl.DataFrame({"x": [1]}))],
        [],
    ],
)
def test_a_workbook_excel_would_refuse_is_not_written(tmp_path: Path, sheets) -> None:
    path = tmp_path / "bad.xlsx"
    with pytest.raises(ValueError):
        write_workbook(path, sheets)
    assert not path.exists()
