"""A folder that suddenly holds far fewer reports is more likely unmounted than emptied.

An empty or unmounted reports folder used to wipe the warehouse and publish empty marts. The
inventory is compared with what the warehouse holds before anything is landed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

#: share of the held reports a run may remove without confirmation
MAX_SHRINK = 0.5
#: file names listed in a message or the run summary before "… and N more"
LISTED = 10


def listed(names: Sequence[str], limit: int = LISTED) -> str:
    """``a, b, c … and 7 more``: names truncated for one line."""
    shown = ", ".join(names[:limit])
    return shown + (f" … and {len(names) - limit} more" if len(names) > limit else "")


def shrink_refusal(
    folder: Path, held: Collection[str], found: Collection[str], *, allowed: bool
) -> str | None:
    """Why the run must stop before landing, or None. ``held``/``found``: report ids.

    An empty folder never replaces anything (confirmed or not); removing more than
    ``MAX_SHRINK`` of the held reports needs confirmation (``NIANBAO_ALLOW_SHRINK=1`` or
    ``python -m orchestration.run --allow-shrink``).
    """
    if not found:
        state = "missing" if not folder.is_dir() else "empty (no report files)"
        return (
            f"the reports folder {folder} is {state}: not mounted, or the wrong path? "
            f"Nothing landed or published; the warehouse keeps its {len(held)} reports."
        )
    removed = set(held) - set(found)
    if held and len(removed) > MAX_SHRINK * len(held) and not allowed:
        return (
            f"the reports folder {folder} would remove {len(removed)} of the {len(held)} reports "
            f"the warehouse holds (more than {MAX_SHRINK:.0%}): stopped before landing. If that "
            "is intended, run again with NIANBAO_ALLOW_SHRINK=1 (or "
            "`python -m orchestration.run --allow-shrink`)."
        )
    return None
