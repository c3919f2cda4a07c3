"""Review sheets (核查意见): one printable page per agency and year, published like the marts.

Incremental: the sheets whose content is unchanged are hard-linked from the current review
version (``orchestration.lib.review``); the metadata says how many were rendered and kept.
"""

from pathlib import Path

import dagster as dg

from orchestration.defs.assets.publish import published_marts
from orchestration.defs.resources import PublishTarget, RunLock
from orchestration.lib import settings
from orchestration.lib.publishing import (
    CURRENT,
    REVIEW_DIR,
    current_version,
    publish_folder,
    published_db,
)
from orchestration.lib.review import INDEX, write_review_sheets


@dg.asset(
    key=["published", "review_sheets"],
    deps=[published_marts],
    group_name="published",
    kinds={"html"},
)
def review_sheets(
    context: dg.AssetExecutionContext, publish: PublishTarget, run_lock: RunLock
) -> dg.MaterializeResult:
    """核查意见 — per agency and year, from the published marts; switched in atomically."""
    source = published_db(publish.folder)
    target = publish.folder / REVIEW_DIR
    # resolved before the switch: the version the unchanged sheets are linked from
    previous = (target / CURRENT).resolve() if current_version(target) else None
    version, counts = publish_folder(
        target,
        lambda staged: write_review_sheets(source, staged, source.parent.name, previous),
        version=context.run.run_id[:8],
        stable=(INDEX,),
    )
    index = target / INDEX
    return dg.MaterializeResult(
        metadata={
            "version": version,
            "marts_version": source.parent.name,
            "sheets": counts["sheets"],
            "sheets_rendered": counts["rendered"],
            "sheets_kept": counts["kept"],
            "previous_version": previous.name if previous is not None else None,
            "findings_listed": counts["findings"],
            "index": dg.MetadataValue.url(settings.docs_url(f"review/{INDEX}")),
            "index_file": dg.MetadataValue.path(str(Path(index))),
        }
    )
