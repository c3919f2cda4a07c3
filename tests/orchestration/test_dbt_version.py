"""The dbt resource knows dbt's version without running ``dbt --version`` (5–6 s every run)."""

from __future__ import annotations

import re
import stat
import subprocess
from pathlib import Path

from orchestration.defs.resources import DbtCli, build_resources


def test_the_version_is_the_one_the_executable_prints() -> None:
    dbt = build_resources()["dbt"]
    printed = subprocess.run(
        [dbt.dbt_executable, "--version"], capture_output=True, text=True, check=True
    ).stdout
    installed = re.search(r"installed:\s*(\d+\.\d+\.\d+)", printed)
    assert installed is not None, printed
    assert str(dbt._cli_version) == installed[1]


def test_another_executable_is_still_asked(tmp_path: Path) -> None:
    fake = tmp_path / "dbt"
    fake.write_text("#!/bin/sh\necho 'Core:'\necho '  - installed: 2.0.7'\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    project = build_resources()["dbt"].project_dir
    assert str(DbtCli(project_dir=project, dbt_executable=str(fake))._cli_version) == "2.0.7"
