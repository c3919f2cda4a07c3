"""Quality gates (质量检查): trustworthy numbers, and the reports whose own numbers don't add up.

Two kinds of failure, kept apart:

- **Pipeline integrity** (blocking, severity ``error``), ``rules/integrity.py``: every inventoried
  file reached raw.reports (extracted or rejected with a reason); raw.cells holds exactly the
  cells the extractor emitted (``cell_count``) with no duplicate and no key outside the
  vocabulary of either template version; row counts reconcile between raw and a later layer.
- **Publisher consistency** (non-blocking, ``warn`` in Dagster; the spec's own severity is kept
  in the findings): B-01 … B-04, C-01, S-01 … S-03, T-01 per report, Y-01/Y-02 across years.

The split for completeness: integrity = *our landing* dropped nothing the extractor emitted;
S-01 = *the publisher's report* lacks template cells (missing, or printed blank).

Every rule builds a **check frame** (``frames.CHECK_SCHEMA``: one row per report × location,
expected and printed sides, cells involved, ``checkable``) from which both the GX validation
(``suites`` + ``validate``) and the findings rows (``findings.report_findings``) are derived, so
they never disagree. A rule that needs a blank cell gives cannot_check, never a pass or a
violation.

    frames = findings.check_frames(reports, cells)          # raw.reports, raw.cells (polars)
    found = findings.report_findings(reports, cells, frames) # FINDINGS_SCHEMA rows
    summaries = validate.validate_many(
        [(suites.PUBLISHER_SUITES[r], f) for r, f in frames.items()], "data/gx/data_docs"
    )                                                        # success, counts, worst offenders,
                                                             # Data Docs index.html
"""
