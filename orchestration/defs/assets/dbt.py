"""Staging, intermediate and mart layers: the dbt project, one Dagster asset per dbt model."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration.defs.dbt_project import nianbao_dbt_project, parse_if_dev, prune_dbt_targets
from orchestration.defs.resources import RunLock
from orchestration.lib import settings


class NianbaoDbtTranslator(DagsterDbtTranslator):
    """Group dbt nodes by their layer folder (staging / intermediate / marts; seeds: reference)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


parse_if_dev()  # under `dagster dev` only; everywhere else `make manifest` has written it


@dbt_assets(
    manifest=nianbao_dbt_project.manifest_path,
    project=nianbao_dbt_project,
    dagster_dbt_translator=NianbaoDbtTranslator(),
)
def nianbao_dbt_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: DuckDBResource,
    run_lock: RunLock,
):
    """dbt build: seeds, models and their YAML tests (surfaced as asset checks).

    Unit tests are left out, as dbt advises for production: they test the SQL, not the data, and
    ``make test`` runs them (``tests/dbt/test_marts.py``); here they would cost seconds per run.
    Each invocation leaves its artefacts in its own target folder; only the last few are kept.
    """
    with settings.dbt_environment(Path(warehouse.database)):
        build = ["build", "--exclude-resource-type", "unit_test"]
        yield from dbt.cli(build, context=context).stream()
    for name in prune_dbt_targets():
        context.log.debug(f"removed old dbt artefacts {name}")


def layer_keys(layer: str) -> list[dg.AssetKey]:
    """Asset keys of the dbt models in one layer folder."""
    groups = nianbao_dbt_models.group_names_by_key
    return sorted((key for key, group in groups.items() if group == layer), key=str)


def model_key(name: str) -> dg.AssetKey:
    """The asset key dagster-dbt gave a dbt model (it carries the model's schema as a prefix)."""
    matches = [key for key in nianbao_dbt_models.keys if key.path[-1] == name]
    if len(matches) != 1:
        raise KeyError(f"no single dbt model named {name!r} in the manifest")
    return matches[0]
