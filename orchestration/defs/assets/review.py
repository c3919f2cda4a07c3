"""Review sheets (核查意见): one printable page per agency and year, published like the marts."""

from pathlib import Path

import dagster as dg

from orchestration.defs.assets.publish import published_marts
from orchestration.defs.resources import PublishTarget, RunLock
from orchestration.lib import settings
from orchestration.lib.publishing import REVIEW_DIR, publish_folder, published_db
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
    version, counts = publish_folder(
        target,
        lambda staged: write_review_sheets(source, staged, source.parent.name),
        version=context.run.run_id[:8],
        stable=(INDEX,),
    )
    index = target / INDEX
    return dg.MaterializeResult(
        metadata={
            "version": version,
            "marts_version": source.parent.name,
            "sheets": counts["sheets"],
            "findings_listed": counts["findings"],
            "index": dg.MetadataValue.url(settings.docs_url(f"review/{INDEX}")),
            "index_file": dg.MetadataValue.path(str(Path(index))),
        }
    )
