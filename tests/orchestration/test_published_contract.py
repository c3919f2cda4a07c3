"""What BI users and reviewers open, checked with the clients they run: a DuckDB 1.x client,
pandas, SQLAlchemy's schema browser, Excel's CSV/XLSX readers, and a real browser for the review
sheets — all over one real Dagster build of a corpus subset (rejected files and slips included).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import tempfile
import threading
import urllib.request
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from bi_clients import CHROMIUM_FLAGS, chromium, duckdb_1x_python
from pipeline_harness import REPO_ROOT, make_warehouse, run_build

from expectations.catalog import RULES_BY_ID, SEVERITY_ZH
from orchestration.defs.checks.results import DATA_DOCS_ROUTE
from orchestration.defs.dbt_project import KEEP_DBT_RUNS, RUN_TARGET_PREFIX, prune_dbt_targets
from orchestration.docs_server import make_server
from orchestration.lib.exports import DICTIONARY, WORKBOOK
from orchestration.lib.publishing import CURRENT, REVIEW_DIR, STORAGE_VERSION
from orchestration.lib.review import INDEX, SHEETS_DIR

#: money columns (DECIMAL); a money cell's extracted value (人工更正) and old / new value
#: (restatements) are money too
MONEY = {
    "fees_amount_wan_yuan", "procurement_amount", "amount", "extracted_amount", "old_amount",
    "new_amount",
}  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory, dbt_manifest, subset_rows):
    warehouse = make_warehouse(tmp_path_factory.mktemp("contract"), subset_rows)
    result = run_build(warehouse)
    assert result.success
    return warehouse, result


def _marts(warehouse) -> list[str]:
    manifest = json.loads((warehouse.publish / "manifest.json").read_text(encoding="utf-8"))
    return sorted(manifest["rows"])


def test_a_duckdb_1x_client_reads_every_mart(published) -> None:
    warehouse, _ = published
    db = warehouse.publish / "nianbao_marts.duckdb"
    marts = _marts(warehouse)
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "out = {'version': duckdb.__version__}\n"
        "for t in sys.argv[2:]:\n"
        "    out[t] = con.execute(f'select count(*) from \"{t}\"').fetchone()[0]\n"
        "    con.execute(f'select * from \"{t}\"').fetchall()\n"
        "print(json.dumps(out))\n"
    )
    run = subprocess.run(
        [str(duckdb_1x_python()), "-c", script, str(db), *marts],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen.pop("version").startswith("1.")
    manifest = json.loads((warehouse.publish / "manifest.json").read_text(encoding="utf-8"))
    assert seen == manifest["rows"] and seen["mart_agency_year"] > 0
    assert manifest["storage_version"] == STORAGE_VERSION


def _types(db: Path) -> dict[tuple[str, str], str]:
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'main'"
        ).fetchall()
    return {(t, c): d for t, c, d in rows}


def test_counts_bigint_rates_double_only_money_decimal(published) -> None:
    warehouse, _ = published
    types = _types(warehouse.publish / "nianbao_marts.duckdb")
    decimals = {k for k, d in types.items() if d.startswith("DECIMAL")}
    assert decimals and {c for _, c in decimals} <= MONEY, sorted(decimals)
    assert not [k for k, d in types.items() if d == "HUGEINT"]
    year = {c: d for (t, c), d in types.items() if t == "mart_agency_year"}
    assert year["new_received"] == year["granted"] == year["finding_count"] == "BIGINT"
    assert year["disclosure_rate"] == "DOUBLE"
    assert types[("fct_report_cells", "value")] == "BIGINT"
    assert types[("mart_region_year", "new_received")] == "BIGINT"


def test_pandas_sees_numbers_in_duckdb_and_parquet(published) -> None:
    warehouse, _ = published
    with duckdb.connect(str(warehouse.publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        from_db = conn.execute("select * from mart_agency_year").df()
    from_parquet = pd.read_parquet(warehouse.publish / "parquet" / "mart_agency_year.parquet")
    counts = [c for c in from_db.columns if c in {"new_received", "granted", "result_total"}]
    for frame in (from_db, from_parquet):
        # integers (a count column with a blank becomes float64 in plain pandas), never object
        assert all(frame[c].dtype.kind in "iu" or str(frame[c].dtype) == "float64" for c in counts)
        assert str(frame["disclosure_rate"].dtype) == "float64"
        described = frame.describe()
        assert {"new_received", "granted", "disclosure_rate"} <= set(described.columns)
    nullable = pd.read_parquet(
        warehouse.publish / "parquet" / "mart_agency_year.parquet", dtype_backend="numpy_nullable"
    )
    assert str(nullable["new_received"].dtype) == "Int64"
    assert not [c for c in from_parquet.columns if c in counts and from_parquet[c].dtype == object]
    schema = pq.read_schema(warehouse.publish / "parquet" / "mart_agency_year.parquet")
    assert str(schema.field("new_received").type) == "int64"
    assert str(schema.field("disclosure_rate").type) == "double"
    assert str(schema.field("fees_amount_wan_yuan").type).startswith("decimal")  # money: exact
    cells = pq.read_schema(warehouse.publish / "parquet" / "fct_report_cells.parquet")
    assert str(cells.field("value").type) == "int64"
    assert str(cells.field("amount").type).startswith("decimal")


def test_sqlalchemy_schema_browser_lists_columns(published) -> None:
    warehouse, _ = published
    engine = sa.create_engine(
        f"duckdb:///{warehouse.publish / 'nianbao_marts.duckdb'}",
        connect_args={"read_only": True},
    )
    try:
        columns = {c["name"]: c for c in sa.inspect(engine).get_columns("mart_agency_year")}
    finally:
        engine.dispose()
    assert isinstance(columns["new_received"]["type"], sa.BigInteger)
    assert "本年新收" in (columns["new_received"]["comment"] or "")


def test_dim_report_names_every_file_and_links_findings_and_cells(published) -> None:
    warehouse, _ = published
    with duckdb.connect(str(warehouse.publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        reports = conn.execute(
            "select file_name, status, rejection_reason, cell_count, finding_count, source_kind "
            "from dim_report"
        ).fetchall()
        orphans = conn.execute(
            "select (select count(*) from quality_findings f anti join dim_report d "
            "using (report_id)), (select count(*) from fct_report_cells c anti join dim_report d "
            "using (report_id))"
        ).fetchone()
        counted = conn.execute(
            "select count(*) from dim_report d where finding_count <> (select count(*) from "
            "quality_findings f where f.report_id = d.report_id and outcome = 'violation')"
        ).fetchone()
    files = {p.name for p in warehouse.reports.iterdir()}
    assert {r[0] for r in reports} == files
    rejected = [r for r in reports if r[1] == "rejected"]
    bad = {r["file"] for r in warehouse.manifest if r["status"] == "bad"}
    assert {r[0] for r in rejected} == bad and all(r[2] for r in rejected)
    assert all(r[3] > 0 for r in reports if r[1] == "ok")
    assert orphans == (0, 0) and counted == (0,)


def test_findings_are_readable(published) -> None:
    warehouse, _ = published
    with duckdb.connect(str(warehouse.publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        rows = conn.execute(
            "select rule_id, severity, outcome, expected, printed, expected_date, printed_date, "
            "message_zh from quality_findings"
        ).fetchall()
    assert rows
    for rule_id, severity, outcome, expected, printed, due, on, message in rows:
        assert severity == RULES_BY_ID[rule_id].severity
        assert message.startswith(f"{rule_id} ") and "：" in message
        assert "≠" not in message and ".0，" not in message and not message.endswith(".0")
        assert not any(key in message for key in ("legal_services", "carried_in", "requests."))
        if rule_id == "T-01" and outcome == "violation":
            assert due is not None and on is not None and on > due
            assert str(due) in message
        if outcome == "violation" and rule_id.startswith(("B-01", "B-02", "B-03", "C-01")):
            assert expected is not None and printed is not None and expected != printed


def test_excel_exports_csv_with_bom_workbook_and_dictionary(published) -> None:
    warehouse, _ = published
    marts = _marts(warehouse)
    for mart in marts:
        raw = (warehouse.publish / "csv" / f"{mart}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), mart
    with (warehouse.publish / "csv" / "mart_agency_year.csv").open(encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert header[0] == "agency_id"
    book = zipfile.ZipFile(warehouse.publish / WORKBOOK)
    sheets = book.read("xl/workbook.xml").decode("utf-8")
    assert all(f'name="{m[:31]}"' in sheets for m in marts) and 'name="数据字典"' in sheets
    with (warehouse.publish / DICTIONARY).open(encoding="utf-8-sig") as f:
        dictionary = {(r["mart"], r["column"]): r for r in csv.DictReader(f)}
    rate = dictionary[("mart_agency_year", "disclosure_rate")]
    assert rate["中文标签"] == "实质公开率" and "result_total" in rate["formula"]
    assert dictionary[("mart_agency_year", "new_received")]["type"] == "BIGINT"
    assert "本年新收" in dictionary[("mart_agency_year", "new_received")]["中文标签"]


def test_review_sheets_are_published_atomically_beside_the_marts(published) -> None:
    warehouse, result = published
    review = warehouse.publish / REVIEW_DIR
    assert (review / CURRENT).is_symlink() and (review / INDEX).is_symlink()
    marts_version = (warehouse.publish / CURRENT).resolve().name
    index = (review / INDEX).read_text(encoding="utf-8")
    assert marts_version in index
    with duckdb.connect(str(warehouse.publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        (years,) = conn.execute("select count(*) from mart_agency_year").fetchone()
    sheets = list((review / CURRENT / SHEETS_DIR).glob("*.html"))
    assert len(sheets) == years
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "<script" not in text
        assert "@page" in text and "<svg" in text
    [made] = result.asset_materializations_for_node("published__review_sheets")
    metadata = {k: v.value for k, v in made.metadata.items()}
    assert metadata["sheets"] == years  # a first build: every sheet rendered, none kept
    assert (metadata["sheets_rendered"], metadata["sheets_kept"]) == (years, 0)


def _render(page: Path, out: Path) -> tuple[str, Path]:
    """The DOM Chromium built for ``page``, and a screenshot of it."""
    browser = chromium()
    assert browser is not None
    with tempfile.TemporaryDirectory() as profile:
        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        dom = subprocess.run(
            [str(browser), *flags, "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout  # fmt: skip
    with tempfile.TemporaryDirectory() as profile:
        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        subprocess.run(
            [str(browser), *flags, f"--screenshot={out}", "--window-size=1000,1400",
             "--hide-scrollbars", page.as_uri()],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    return dom, out


def test_a_browser_renders_a_review_sheet_in_chinese(published, tmp_path: Path) -> None:
    if chromium() is None:  # make test installs it; skip a bare pytest run, never CI
        message = "Debian chromium is not installed (make clients installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    warehouse, _ = published
    review = warehouse.publish / REVIEW_DIR / CURRENT
    with duckdb.connect(str(warehouse.publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        agency_id, year, agency, file_name, message = conn.execute(
            "select y.agency_id, y.report_year, y.agency_name, d.file_name, f.message_zh "
            "from mart_agency_year y join dim_report d using (report_id) "
            "join quality_findings f using (report_id) where f.outcome = 'violation' "
            "and f.severity = 'error' order by y.agency_id, y.report_year limit 1"
        ).fetchone()
    sheet = review / SHEETS_DIR / f"{agency_id}_{year}.html"
    dom, shot = _render(sheet, tmp_path / "sheet.png")
    assert "核查意见" in dom and agency in dom and file_name in dom
    assert message in dom and SEVERITY_ZH["error"] in dom
    assert "与上年对比" in dom and "<svg" in dom
    assert shot.stat().st_size > 20_000  # a page with content, not a blank render
    index_dom, _ = _render(review / INDEX, tmp_path / "index.png")
    assert f"{SHEETS_DIR}/{agency_id}_{year}.html" in index_dom and agency in index_dom


def test_docs_server_serves_data_docs_and_review_sheets_offline(published, monkeypatch) -> None:
    """`make docs`: one local address for Data Docs and review sheets; the UI links point there."""
    warehouse, result = published
    for name, value in warehouse.env().items():
        monkeypatch.setenv(name, value)
    server = make_server(port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:

        def get(path: str) -> str:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                return response.read().decode("utf-8")

        assert "核查意见" in get("/")
        review = get("/review/index.html")
        assert "核查意见索引" in review
        docs = get(f"/{DATA_DOCS_ROUTE}/publisher/index.html")
        assert "cdn." not in docs and "unpkg.com" not in docs and "bootstrapTable" in docs
    finally:
        server.shutdown()
    links = [
        e.metadata["data_docs"].value
        for e in result.get_asset_check_evaluations()
        if "data_docs" in e.metadata
    ]
    assert links and all(link.startswith("http://127.0.0.1:") for link in links)
    with duckdb.connect(str(warehouse.publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        rule_id, path, location = conn.execute(
            "select f.rule_id, d.file_path, f.location from quality_findings f "
            "join dim_report d using (report_id) where f.outcome = 'violation' "
            "and f.rule_scope = 'report' and f.rule_id like 'B-0%' order by 1, 2 limit 1"
        ).fetchone()
    suite = RULES_BY_ID[rule_id].suite
    pages = [_text(p) for p in (warehouse.gx / "publisher" / "validations" / suite).rglob("*.html")]
    assert any(path in page and location in page for page in pages), "failing row named"


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_only_the_last_few_dbt_run_folders_are_kept(tmp_path: Path) -> None:
    for age, name in enumerate(["a", "b", "c", "d", "e"]):
        folder = tmp_path / f"{RUN_TARGET_PREFIX}{name}"
        folder.mkdir()
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")  # the project's own: kept
    removed = prune_dbt_targets(tmp_path, keep=KEEP_DBT_RUNS)
    assert removed == [f"{RUN_TARGET_PREFIX}a", f"{RUN_TARGET_PREFIX}b"]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["manifest.json", *(f"{RUN_TARGET_PREFIX}{n}" for n in "cde")]


def test_a_build_leaves_at_most_the_kept_dbt_run_folders(published) -> None:
    runs = list((REPO_ROOT / "dbt_project" / "target").glob(f"{RUN_TARGET_PREFIX}*"))
    assert len(runs) <= KEEP_DBT_RUNS + 1  # + one a parallel test worker may be building


def test_the_keyed_marts_are_keyed_by_a_column_they_have(published) -> None:
    """KEYED_MARTS names real marts and real columns (else every run would copy them whole)."""
    from orchestration.lib.publishing import KEYED_MARTS

    warehouse, _ = published
    with duckdb.connect(str(warehouse.publish / "nianbao_marts.duckdb"), read_only=True) as conn:
        columns = set(
            conn.execute(
                "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'"
            ).fetchall()
        )
    assert set(KEYED_MARTS.items()) <= columns
