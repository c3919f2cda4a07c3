"""Fixtures for the pipeline tests (helpers live in pipeline_harness.py)."""

from __future__ import annotations

from pipeline_harness import built, dbt_manifest, subset_rows  # noqa: F401 - fixtures
