"""A scanned report of the default corpus lands like any other, its numbers marked as machine
read: ``fct_report_cells`` carries where they were read (``page N (OCR)``) and the OCR
confidence, so an analyst can filter them; text-layer cells have no confidence."""

from __future__ import annotations

import duckdb
from pipeline_harness import corpus_manifest, make_warehouse, run_build


def test_a_scanned_report_lands_with_ocr_provenance_and_confidence(tmp_path, dbt_manifest) -> None:
    rows = corpus_manifest()
    scanned = [r for r in rows if r["layout"] == "pdf/scan"]
    assert len(scanned) >= 2, "the default corpus holds scanned reports"
    text = next(r for r in rows if r["format"] == "txt" and r["status"] == "report")
    warehouse = make_warehouse(tmp_path, [scanned[0], text])
    assert run_build(warehouse).success
    with duckdb.connect(str(warehouse.duckdb), read_only=True) as conn:
        got = conn.execute(
            """
            select r.path, count(*), count(c.confidence), min(c.confidence),
                   bool_and(c.source_location like 'page % (OCR)')
            from marts.fct_report_cells c join raw.reports r using (report_id)
            where not c.is_derived
            group by r.path
            """
        ).fetchall()
    by_file = {path.rsplit("/", 1)[-1]: rest for path, *rest in got}
    n, with_conf, lowest, all_ocr = by_file[scanned[0]["file"]]
    assert n > 100 and all_ocr
    assert with_conf > 0.5 * n and lowest >= 0.9
    n, with_conf, _, all_ocr = by_file[text["file"]]
    assert with_conf == 0 and not all_ocr
