"""Write seeds/rule_catalog.csv (规则目录) from expectations.catalog.

Run from the repository root after changing a rule:
``.venv/bin/python dbt_project/scripts/generate_rule_seed.py``. The seed is generated, never
typed, so the cross-year findings of dbt and the marts read the same rule wording and severity as
the Python gates (tests/dbt asserts it is current).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from expectations.catalog import RULE_CATALOG, SEVERITY_ZH

SEED = Path(__file__).resolve().parents[1] / "seeds" / "rule_catalog.csv"
COLUMNS = ("rule_id", "severity", "severity_zh", "rule_scope", "suite", "description",
           "title_zh", "expected_zh", "printed_zh")  # fmt: skip


def rule_rows() -> list[dict[str, str]]:
    return [
        {
            "rule_id": r.rule_id,
            "severity": r.severity,
            "severity_zh": SEVERITY_ZH[r.severity],
            "rule_scope": r.scope,
            "suite": r.suite,
            "description": r.description,
            "title_zh": r.title_zh,
            "expected_zh": r.expected_zh,
            "printed_zh": r.printed_zh,
        }
        for r in RULE_CATALOG
    ]


def seed_text() -> str:
    """The seed's CSV text, exactly as committed (LF line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rule_rows())
    return out.getvalue()


def main() -> None:
    SEED.write_text(seed_text(), encoding="utf-8")
    print(f"wrote {SEED} ({len(RULE_CATALOG)} rules)")


if __name__ == "__main__":
    main()
