"""Dagster definitions by domain: assets, asset checks, resources, jobs, schedules and sensors.

Everything here imports ``dagster``; the work it orchestrates is plain code in
``orchestration.lib`` (and ``extract``, ``expectations``), testable without Dagster.
"""
