"""Write seeds/template_identities.csv (勾稽关系) from extract.identities.

Run from the repository root after changing an identity:
``.venv/bin/python dbt_project/scripts/generate_identity_seed.py``. The seed is generated, never
typed: one row per term of each identity (B-01, B-02, B-03, C-01) of each template version, so
dbt adds up the same cells the reader and the quality gates do (tests/dbt asserts it is current).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from extract.identities import identity_rows

SEED = Path(__file__).resolve().parents[1] / "seeds" / "template_identities.csv"
COLUMNS = ("template", "rule_id", "table_name", "axis", "side", "term", "position")


def seed_text() -> str:
    """The seed's CSV text, exactly as committed (LF line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(identity_rows())
    return out.getvalue()


def main() -> None:
    SEED.write_text(seed_text(), encoding="utf-8")
    print(f"wrote {SEED} ({len(identity_rows())} terms)")


if __name__ == "__main__":
    main()
