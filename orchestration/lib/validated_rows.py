"""Check-frame rows Great Expectations has validated already, so a re-run validates only the new.

The rules read from a dbt model (Y-01 and Y-02 on ``int_checks_cross_year``, S-04 on
``int_copy_pairs``) have one check-frame row per pair of reports and location: 625,000 rows for a
national year aged by a few re-runs, which GX validated whole every run (11 s of a 1 % re-run).
A row is the same check with the same outcome while its content is: each row is digested (two
polars row hashes, 128 bits), the digests GX has seen are kept in ``raw.validated_rows``, and a
run validates the rows whose digests are not there. The check's verdict stays the whole
warehouse's: it counts the violations standing in the full frame (by the suite's own ``failed``), as the
report rules' checks count raw.quality_findings.

Digests are kept per ``version`` (the rules, GX's and polars' versions): a change to any of them
validates every row again. Plain code: ``defs/checks/rules_on_models.py`` calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import metadata

import duckdb
import polars as pl

from orchestration.lib.fingerprints import rules_version
from orchestration.lib.warehouse import read_frame, transaction

TABLE = "raw.validated_rows"
DIGEST = ("digest_a", "digest_b")


def version() -> str:
    """What a validation's outcome rests on besides the row: the rules and suites (the
    expectations package), and the libraries that validate and digest."""
    libraries = ",".join(metadata.version(p) for p in ("great_expectations", "polars"))
    return f"{rules_version()}:{libraries}"


def with_digests(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each row's digest: two 64-bit polars row hashes of different seeds."""
    return frame.with_columns(digest_a=frame.hash_rows(seed=0), digest_b=frame.hash_rows(seed=1))


def fresh_rows(
    conn: duckdb.DuckDBPyConnection, frames: Mapping[str, pl.DataFrame]
) -> dict[str, pl.DataFrame]:
    """Each rule's rows (of ``frames``, digested by :func:`with_digests`) not validated before
    under this :func:`version`, in the frame's order."""
    seen = read_frame(
        conn,
        f"SELECT rule_id, digest_a, digest_b FROM {TABLE} WHERE version = ?",
        [version()],
    )
    out = {}
    for rule, frame in frames.items():
        known = seen.filter(pl.col("rule_id") == rule).select(DIGEST)
        out[rule] = frame.join(known, on=DIGEST, how="anti", maintain_order="left")
    return out


def record(conn: duckdb.DuckDBPyConnection, frames: Mapping[str, pl.DataFrame]) -> int:
    """Make the kept digests of these rules those of ``frames`` (validated now), in one
    transaction: digests of rows gone and of other versions go, new ones come. Return how
    many were added."""
    current = pl.concat(
        [f.select(pl.lit(rule).alias("rule_id"), *DIGEST).unique() for rule, f in frames.items()]
    ).with_columns(version=pl.lit(version()))
    rules = sorted(frames)
    marks = ", ".join("?" for _ in rules)
    with transaction(conn):
        conn.register("validated_now", current.to_arrow())
        conn.execute(
            f"DELETE FROM {TABLE} t WHERE t.rule_id IN ({marks}) AND NOT EXISTS ("
            "SELECT 1 FROM validated_now v WHERE v.rule_id = t.rule_id AND v.version = t.version "
            "AND v.digest_a = t.digest_a AND v.digest_b = t.digest_b)",
            rules,
        )
        ((added,),) = conn.execute(
            f"INSERT INTO {TABLE} BY NAME SELECT * FROM validated_now v WHERE NOT EXISTS ("
            f"SELECT 1 FROM {TABLE} t WHERE v.rule_id = t.rule_id AND v.version = t.version "
            "AND v.digest_a = t.digest_a AND v.digest_b = t.digest_b)"
        ).fetchall()
        conn.unregister("validated_now")
    return int(added)
