"""Raw layer: the file inventory, then extraction landed as raw.reports and raw.cells."""

import datetime as dt
import time
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from extract.model import Extraction
from orchestration.defs.metadata import markdown_table
from orchestration.defs.resources import ReportsFolder, RunLock
from orchestration.lib import settings
from orchestration.lib.extraction import extract_stream
from orchestration.lib.fingerprints import extractor_version
from orchestration.lib.guard import listed, shrink_refusal
from orchestration.lib.inventory import known_keys, scan, to_land
from orchestration.lib.memory import release
from orchestration.lib.progress import Meter
from orchestration.lib.raw_tables import FILES_SCHEMA
from orchestration.lib.shaping import (
    cells_frame,
    narrative_frames,
    reports_frame,
    statements_frame,
)
from orchestration.lib.warehouse import (
    ensure_raw_tables,
    land_batch,
    mark_withdrawn,
    read_frame,
    replace_rows,
)

RAW_FILES = dg.AssetKey(["raw", "files"])
RAW_REPORTS = dg.AssetKey(["raw", "reports"])
RAW_CELLS = dg.AssetKey(["raw", "cells"])
RAW_STATEMENTS = dg.AssetKey(["raw", "statements"])
RAW_NARRATIVES = dg.AssetKey(["raw", "narratives"])

#: files extracted and landed per transaction: bounds memory for a national year (~100k files);
#: each landed batch is one progress line in the run log
LANDING_BATCH = 2_000


def with_first_seen(
    reports: pl.DataFrame, known: pl.DataFrame, arrived: dt.datetime
) -> pl.DataFrame:
    """Stamp each report with when its bytes were first seen; a re-extraction keeps the stamp."""
    return (
        reports.drop("first_seen")
        .join(known, on="report_id", how="left")
        .with_columns(pl.col("first_seen").fill_null(arrived))
        .select(reports.columns)
    )


def landed_frames(
    reports_batch: pl.DataFrame, extractions: list[Extraction]
) -> dict[str, pl.DataFrame]:
    """Every raw table one batch of extractions lands in, in one transaction (``land_batch``):
    a report never stands without its cells, statements or sketch."""
    narratives, sketches = narrative_frames(extractions)
    return {
        "raw.reports": reports_batch,
        "raw.cells": cells_frame(extractions),
        "raw.statements": statements_frame(extractions),
        "raw.narratives": narratives,
        "raw.narrative_sketches": sketches,
    }


@dg.asset(key=RAW_FILES, group_name="raw", kinds={"duckdb", "polars"})
def raw_files(
    context: dg.AssetExecutionContext,
    reports: ReportsFolder,
    warehouse: DuckDBResource,
    run_lock: RunLock,
) -> dg.MaterializeResult:
    """文件清单 — every file in the reports folder with its sha256, size and claimed format.

    Files that cannot be landed (hidden, FIFOs, symlink loops, links leaving the folder) are
    listed as set aside with the reason. Stops before landing when the folder is empty or
    missing, or would remove more than half of the reports the warehouse holds without
    confirmation; files that disappeared are listed.
    """
    folder = reports.folder
    reasons = {"path": pl.String, "status": pl.String, "reason": pl.String}
    with warehouse.get_connection() as conn:
        ensure_raw_tables(conn)
        before = read_frame(conn, "SELECT path, report_id, stat_key FROM raw.files")
    known = known_keys(before)
    if folder.is_dir():
        found = scan(folder, known=known)  # unchanged files are not read again
        files = to_land(found)
        set_aside = found.filter(pl.col("status") != "listed").select(*reasons)
    else:
        files, set_aside = pl.DataFrame(schema=FILES_SCHEMA), pl.DataFrame(schema=reasons)
    for row in set_aside.iter_rows(named=True):
        context.log.warning(f"{row['status']} {row['path']}: {row['reason']}")
    with warehouse.get_connection() as conn:
        refusal = shrink_refusal(
            folder,
            set(before["report_id"]),
            set(files["report_id"]),
            allowed=settings.allow_shrink(),
        )
        if not refusal:
            replace_rows(conn, "raw.files", files)
    if refusal:  # raised outside: DuckDBResource leaves a connection open on an exception
        raise dg.Failure(description=refusal, allow_retries=False)
    removed = sorted(set(before["path"]) - set(files["path"]))
    if removed:
        context.log.warning(f"{len(removed)} files no longer in the folder: {listed(removed)}")
    by_format = files.group_by("format").len().sort("format")
    unread = sum(  # keyed as before: the sha256 was reused, the file not opened
        1
        for p, k in zip(files["path"], files["stat_key"], strict=True)
        if k and known.get(p, ("",))[0] == k
    )
    return dg.MaterializeResult(
        metadata={
            "folder": str(folder),
            "files": len(files),
            "distinct_reports": files["report_id"].n_unique(),
            "files_read": len(files) - unread,
            "files_unchanged_unread": unread,
            "by_format": markdown_table(by_format),
            "set_aside": markdown_table(set_aside, limit=50),
            "removed_files": len(removed),
            "removed_names": listed(removed),
        }
    )


#: what one extraction run lands, in one transaction per batch: table → its description
RAW_EXTRACTION_TABLES: dict[dg.AssetKey, str] = {
    RAW_REPORTS: "报告 — one row per distinct file content: ok with metadata, or rejected with a reason.",
    RAW_CELLS: "单元格 — every statutory cell read, long, with its printed text and provenance.",
    RAW_STATEMENTS: "正文数字陈述 — every count the prose states, mapped to template cells where unambiguous (X-01).",
    RAW_NARRATIVES: "正文 — per report, its prose size and bottom-k shingle sketch (raw.narrative_sketches, S-04).",
}  # fmt: skip


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key, deps=[RAW_FILES], group_name="raw", kinds={"duckdb", "polars"}, description=text
        )
        for key, text in RAW_EXTRACTION_TABLES.items()
    ],
)
def raw_extractions(
    context: dg.AssetExecutionContext,
    reports: ReportsFolder,
    warehouse: DuckDBResource,
    run_lock: RunLock,
) -> tuple[dg.MaterializeResult, dg.MaterializeResult, dg.MaterializeResult, dg.MaterializeResult]:
    """Extract what is new, was read by older extractor code, or is marked ok without its cells
    (a landing interrupted by an older version); keep the rest as landed. A report none of whose
    files is in the folder any more is kept, cells and all, and marked withdrawn (已撤回); its
    file coming back un-withdraws it."""
    version = extractor_version()
    with warehouse.get_connection() as conn:
        ensure_raw_tables(conn)
        files = read_frame(conn, "SELECT * FROM raw.files")
        # ok reports that declare cells but hold none, found with the 100,000 reports as the
        # join's build side and 20 million cells probing it (0.2 s; as a correlated NOT EXISTS,
        # DuckDB hashed the cells: 3 s of every run)
        current = read_frame(
            conn,
            "WITH emptied AS (SELECT r.report_id FROM raw.reports r ANTI JOIN raw.cells c "
            "USING (report_id) WHERE r.status = 'ok' AND coalesce(r.cell_count, 0) > 0) "
            "SELECT r.report_id FROM raw.reports r ANTI JOIN emptied USING (report_id) "
            "WHERE r.extractor_version = ?",
            [version],
        )
        first_seen = read_frame(conn, "SELECT report_id, first_seen FROM raw.reports")
    wanted = files.group_by("report_id").agg(pl.col("path").min()).sort("path")
    todo = wanted.join(current, on="report_id", how="anti")
    # reports whose files left the folder stay (marked withdrawn below), never deleted
    gone = set(first_seen["report_id"]) - set(wanted["report_id"])
    keep = (set(wanted["report_id"]) - set(todo["report_id"])) | gone
    context.log.info(f"{len(wanted)} reports in the folder, {len(todo)} to extract ({version=})")

    paths = todo["path"].to_list()
    address = settings.dask_address()
    if address and paths:
        context.log.info(f"extracting {len(paths):,} files on the Dask cluster at {address}")
    # one pool (or one cluster client) for the whole run; results land in batches as they come
    results = extract_stream([reports.folder / p for p in paths], address)
    arrived = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    meter = Meter("landed", len(paths))
    landed, landing = 0, 0.0

    def land(batch: list[tuple[int, Extraction]], first: bool) -> tuple[pl.DataFrame, float]:
        """Shape and land one batch in one transaction; return its rejections and seconds."""
        started = time.perf_counter()
        batch_paths = [paths[index] for index, _ in batch]
        extractions = [result for _, result in batch]
        reports_batch = with_first_seen(
            reports_frame(extractions, batch_paths, version), first_seen, arrived
        )
        frames = landed_frames(reports_batch, extractions)  # shaped before anything is written
        ids = set(reports_batch["report_id"])
        with warehouse.get_connection() as conn:  # one transaction: reports, cells and prose
            if first:  # clears what the run does not keep: each table scanned once
                land_batch(conn, frames, key="report_id", keep=keep - ids)
            else:  # the tables hold only kept rows now: replace just this batch's keys
                land_batch(conn, frames, key="report_id", keep=None, replace=ids & keep)
        keep.update(ids)  # one batch lands at a time: only this call touches ``keep`` meanwhile
        rejected = reports_batch.filter(pl.col("status") == "rejected").select("path", "reason")
        del batch, extractions, frames
        release()  # the batch's objects are freed: hand their pages back (orchestration.lib.memory)
        return rejected, time.perf_counter() - started

    # One batch lands in a thread while the workers extract the next: landing a batch takes a
    # second or more, and a pool whose results are not being read stops within 16 files.
    with ThreadPoolExecutor(1, thread_name_prefix="landing") as lander:
        pending: tuple[Future[tuple[pl.DataFrame, float]], int] | None = None
        while True:
            batch = list(islice(results, LANDING_BATCH))
            if pending is not None:  # the previous batch has landed (or its error is raised)
                (rejected, seconds), size = pending[0].result(), pending[1]
                landed, landing = landed + size, landing + seconds
                for row in rejected.iter_rows(named=True):
                    context.log.warning(f"rejected {row['path']}: {row['reason']}")
                context.log.info(meter.advance(size).line())
                pending = None
            if not batch:
                break
            pending = (lander.submit(land, batch, landed == 0), len(batch))
            del batch
    with warehouse.get_connection() as conn:
        # what the folder holds now decides which reports are withdrawn (one statement)
        withdrawn, restored = mark_withdrawn(conn, arrived)
    for what, count in (("withdrawn (file left the folder)", withdrawn), ("restored", restored)):
        if count:
            context.log.warning(f"{count} reports {what}")

    with warehouse.get_connection() as conn:
        summary = read_frame(
            conn,
            "SELECT status, count(*) AS reports, sum(cell_count) AS cells, "
            "count(withdrawn_at) AS withdrawn FROM raw.reports GROUP BY status ORDER BY status",
        )
        rejected = read_frame(
            conn, "SELECT path, reason FROM raw.reports WHERE status = 'rejected' ORDER BY path"
        )
        ((statements, recognised, judged),) = conn.execute(
            "SELECT (SELECT count(*) FROM raw.statements), "
            "(SELECT count(*) FROM raw.statements WHERE quantity IS NOT NULL), "
            "(SELECT count(*) FROM raw.narratives WHERE judged)"
        ).fetchall()
    counts = dict(zip(summary["status"], summary["reports"], strict=True))
    cells = int(summary["cells"].fill_null(0).sum())
    return (
        dg.MaterializeResult(
            asset_key=RAW_REPORTS,
            metadata={
                "extracted_this_run": landed,
                "extracted_by": f"dask {address}" if address else "in-process pool",
                "landing_seconds": round(landing, 2),
                "ok": int(counts.get("ok", 0)),
                "rejected": int(counts.get("rejected", 0)),
                "rejected_files": markdown_table(rejected, limit=50),
                "withdrawn": int(summary["withdrawn"].sum()),
                "withdrawn_this_run": withdrawn,
                "restored_this_run": restored,
                "extractor_version": version,
            },
        ),
        dg.MaterializeResult(asset_key=RAW_CELLS, metadata={"cells": cells}),
        dg.MaterializeResult(
            asset_key=RAW_STATEMENTS,
            metadata={"statements": int(statements), "recognised": int(recognised)},
        ),
        dg.MaterializeResult(
            asset_key=RAW_NARRATIVES, metadata={"narratives_long_enough_to_judge": int(judged)}
        ),
    )
