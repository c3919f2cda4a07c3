"""The README's entry points, run as a user runs them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "dagster_home").mkdir(exist_ok=True)
    return {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "NIANBAO_DUCKDB_PATH": str(tmp_path / "wh" / "nianbao.duckdb"),
        "NIANBAO_PUBLISH_DIR": str(tmp_path / "publish"),
        "NIANBAO_GX_DIR": str(tmp_path / "gx"),
    }


def test_workspace_definitions_load(tmp_path: Path, dbt_manifest) -> None:
    """What `make ui` loads: workspace.yaml → orchestration.definitions."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=REPO_ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def _summary(output: str) -> list[str]:
    """The lines of the run summary that must not change between runs (run id and times do)."""
    start = output.index("reports:")
    return [
        line
        for line in output[start:].splitlines()
        if not re.match(r"^(run|warehouse|published)", line)
    ]


def test_make_run_twice_gives_identical_rows(tmp_path: Path) -> None:
    """`make run` on the default corpus, twice: same summary, same rows, no duplicates."""
    outputs = []
    for _ in range(2):
        done = subprocess.run(
            ["make", "--no-print-directory", "run"],
            cwd=REPO_ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        outputs.append(done.stdout)
    first, second = map(_summary, outputs)
    assert first == second
    assert any(line.strip().startswith("mart_agency_year") for line in first)
    assert "rejected" in outputs[0]


def test_every_check_targets_a_real_asset_and_layers_group_them(dbt_manifest) -> None:
    """A check on a mistyped key would create a phantom asset and guard nothing."""
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = set(graph.get_all_asset_keys())
    assert all(graph.get(key).is_materializable for key in keys), "no phantom external assets"
    assert {check.asset_key for check in graph.asset_check_keys} <= keys
    groups = {graph.get(key).group_name for key in keys}
    assert {"raw", "staging", "intermediate", "marts", "published"} <= groups
    from orchestration.defs.checks import all_checks

    blocking = {
        spec.name for checks in all_checks() for spec in checks.check_specs if spec.blocking
    }
    assert blocking == {
        "every_file_is_accounted_for",
        "landing_kept_every_cell",
        "row_counts_reconcile",
    }


def test_loading_the_definitions_changes_nothing(tmp_path: Path, dbt_manifest) -> None:
    """Importing the definitions sets no variable, edits no PATH and makes no folder: the
    warehouse path reaches dbt per invocation, dbt is called by absolute path."""
    probe = (
        "import json, os; before = dict(os.environ); import orchestration.definitions; "
        "print(json.dumps(sorted(k for k in set(before) | set(os.environ) "
        "if k.startswith(('NIANBAO', 'PATH')) and before.get(k) != os.environ.get(k))))"
    )
    env = _env(tmp_path)
    env.pop("NIANBAO_DUCKDB_PATH")
    env["NIANBAO_DUCKDB_PATH"] = str(tmp_path / "not-made" / "nianbao.duckdb")
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert not (tmp_path / "not-made").exists()
