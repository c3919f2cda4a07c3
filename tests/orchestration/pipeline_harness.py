"""Run the real Dagster job, in process, into a temporary warehouse."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = REPO_ROOT / "data" / "corpus"


@dataclass
class Warehouse:
    root: Path
    reports: Path
    duckdb: Path
    publish: Path
    gx: Path
    manifest: list[dict[str, str]]

    def env(self) -> dict[str, str]:
        return {
            "NIANBAO_REPORTS_DIR": str(self.reports),
            "NIANBAO_DUCKDB_PATH": str(self.duckdb),
            "NIANBAO_PUBLISH_DIR": str(self.publish),
            "NIANBAO_GX_DIR": str(self.gx),
        }


def corpus_manifest() -> list[dict[str, str]]:
    with (CORPUS / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def make_warehouse(root: Path, rows: list[dict[str, str]]) -> Warehouse:
    reports = root / "reports"
    reports.mkdir(parents=True)
    for row in rows:
        shutil.copy(CORPUS / "reports" / row["file"], reports / row["file"])
    return Warehouse(
        root, reports, root / "wh" / "nianbao.duckdb", root / "publish", root / "gx", rows
    )


def run_build(warehouse: Warehouse) -> dg.ExecuteInProcessResult:
    """The project's own job over the project's own definitions, resources from the env."""
    from orchestration.definitions import make_definitions
    from orchestration.defs.resources import build_resources

    with pytest.MonkeyPatch.context() as patch:
        for name, value in warehouse.env().items():
            patch.setenv(name, value)
        defs = make_definitions(build_resources())
        job = defs.resolve_job_def("build_warehouse")
        return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


@pytest.fixture(scope="session")
def dbt_manifest() -> None:
    """The definitions load the dbt manifest at import: parse the project first."""
    from orchestration.defs.dbt_project import parse_dbt_project

    parse_dbt_project()


@pytest.fixture(scope="module")
def subset_rows() -> list[dict[str, str]]:
    """Every file of a few agencies (a renamed one, ones with injected slips) plus the bad files."""
    rows = corpus_manifest()
    with_slips = {r["agency_id"] for r in rows if r["rules"]}
    renamed = {
        r["agency_id"]
        for r in rows
        if r["agency_id"]
        and len({x["agency"] for x in rows if x["agency_id"] == r["agency_id"]}) > 1
    }
    chosen = sorted(with_slips)[:3] + sorted(renamed)[:2]
    return [r for r in rows if r["status"] == "bad" or r["agency_id"] in chosen]


@pytest.fixture(scope="module")
def built(
    tmp_path_factory, dbt_manifest, subset_rows
) -> Iterator[tuple[Warehouse, dg.ExecuteInProcessResult]]:
    warehouse = make_warehouse(tmp_path_factory.mktemp("pipeline"), subset_rows)
    yield warehouse, run_build(warehouse)
