"""Two files print the same agency and year: a documented rule picks the copy, and says so.

Before: the smaller sha256 won, so a copy with one byte tampered beat the consistent original.
Rule: published date (later wins), then arrival (first seen later wins), then fewer findings.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from warehouse_harness import (
    CORPUS,
    agency_rows,
    make_warehouse,
    query,
    run_build,
    summary_of,
)

ORIGINAL = "hongze-czj_2019.txt"
PRINTED = "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0"


def _tampered(original: bytes) -> bytes:
    """One byte changed in the 新收 row (its 总计 no longer adds up), sorting before the original."""
    line = PRINTED.encode()
    assert line in original
    for digit in b"123456789":
        copy = original.replace(line, line[:-1] + bytes([digit]))
        if hashlib.sha256(copy).hexdigest() < hashlib.sha256(original).hexdigest():
            return copy
    raise AssertionError("no one-byte change sorts before the original")


def test_the_consistent_original_beats_a_tampered_copy_and_the_choice_is_shown(
    tmp_path: Path,
) -> None:
    warehouse = make_warehouse(tmp_path, agency_rows("hongze-czj"))
    original = (CORPUS / "reports" / ORIGINAL).read_bytes()
    (warehouse.reports / "hongze-czj_2019_copy.txt").write_bytes(_tampered(original))
    result = run_build(warehouse)
    assert result.success
    copies = query(
        warehouse,
        "SELECT report_id, is_primary, copies, chosen_by, finding_count "
        "FROM intermediate.int_agency_reports WHERE report_year = 2019 ORDER BY is_primary DESC",
    )
    sha = hashlib.sha256(original).hexdigest()
    assert copies[0][:4] == (sha, True, 2, "findings")
    assert copies[1][1:4] == (False, 2, None) and copies[1][4] > copies[0][4]
    assert query(
        warehouse, "SELECT report_id FROM marts.mart_agency_year WHERE report_year = 2019"
    ) == [(sha,)]
    assert "agency-years printed by several reports; chosen by findings 1" in summary_of(
        warehouse, result
    )
    shutil.rmtree(warehouse.root / "gx", ignore_errors=True)
