"""The landed (raw) tables: polars schemas shared by the landing assets, dbt sources and GX suites.

Everything lands in the DuckDB schema ``raw``; dbt reads it as the source ``raw``. One row per
inventoried file in ``raw.files``, one per distinct file content in ``raw.reports`` (extracted or
rejected; kept, marked ``withdrawn_at``, after its file leaves the folder), one per cell read in
``raw.cells``. ``report_id`` is the file's sha256, so the same
bytes at two paths are one report and re-running never duplicates anything.
"""

from __future__ import annotations

import polars as pl

from expectations.findings import FINDINGS_SCHEMA

#: raw.files — 文件清单: every file found under the reports folder.
FILES_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(),  # path relative to the reports folder
    "report_id": pl.String(),  # sha256 of the bytes
    "size_bytes": pl.Int64(),
    "format": pl.String(),  # txt | md | html | pdf | docx | image | unknown (from suffix and magic bytes)
    # device:inode:size:mtime_ns:ctime_ns of the file when its sha256 was taken, if it had settled
    # by then (inventory.stat_key); a later scan finding the same key reuses the sha256 unread
    "stat_key": pl.String(),
}

#: raw.reports — one row per distinct report_id: status plus metadata (null when not stated).
REPORTS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "path": pl.String(),  # first path the bytes were found at
    "status": pl.String(),  # ok | rejected
    "reason": pl.String(),  # one-line reason when rejected
    "agency": pl.String(),  # 机关名称 as printed
    "province": pl.String(),
    "city": pl.String(),
    "county": pl.String(),
    "report_year": pl.Int32(),
    "template": pl.String(),  # 2019 | 2021
    "published": pl.Date(),
    "index_no": pl.String(),  # 索引号
    "sections": pl.String(),  # section numerals found in order, e.g. "一二三四五六"
    "cell_count": pl.Int32(),
    "notes": pl.String(),  # extractor notes joined by "; "
    "extractor_version": pl.String(),  # fingerprint of the extract/ code that read it
    #: when these bytes first reached the warehouse (UTC); kept across re-extractions, null for
    #: reports landed before the column existed. "Arrival" in which copy speaks for a year.
    "first_seen": pl.Datetime("us"),
    #: 已撤回: when the landing step first found none of the report's files in the folder (UTC);
    #: null while a file holds its bytes. A withdrawn report stays, cells and all, so history
    #: never loses a version; its file coming back clears the stamp.
    "withdrawn_at": pl.Datetime("us"),
}

#: raw.cells — one row per statutory cell read (blank cells included, value null).
CELLS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "table_name": pl.String(),  # proactive | requests | disputes
    "row_key": pl.String(),
    "col_key": pl.String(),
    "value": pl.Float64(),  # null for blank or a mark ("/", "—", "无")
    "value_text": pl.String(),  # as printed; "" for blank
    "source_location": pl.String(),  # line / page / table-row-col in the original
    #: 读取方式 (extract.model.Cell.how): printed | split | placed | aligned; null for cells landed
    #: before the column existed
    "how": pl.String(),
    #: OCR 置信度 (extract.model.Cell.confidence): for a cell read from a scanned page
    #: (source_location "page 4 (OCR)"), the recogniser's probability of its least sure digit
    #: or mark; null for cells read from a text layer
    "confidence": pl.Float64(),
}

#: raw.statements — 正文数字陈述: one row per count the report's prose states (extract.narrative),
#: landed with the report's cells. ``quantity`` and ``cells`` are set only where the wording names
#: one quantity unambiguously; X-01 compares those with the table.
STATEMENTS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "seq": pl.Int32(),  # order in the prose, from 1
    "number": pl.Int64(),  # the count as printed
    "quantity": pl.String(),  # e.g. received, litigation; null: a count not recognised
    "cells": pl.String(),  # template cells whose sum it states, "table.row.col" joined by ","
    "clause": pl.String(),  # the clause it stands in, e.g. 共收到政府信息公开申请56件
    "source_location": pl.String(),  # line / page where the sentence starts
}

#: raw.narratives — 正文: per ok report, how much prose it has (S-04 judges long enough prose).
NARRATIVES_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "sentences": pl.Int32(),  # prose sentences outside the tables
    "comparable_chars": pl.Int32(),  # characters left once names, numbers, headings are out
    "shingles": pl.Int32(),  # distinct character 5-grams of that text
    "judged": pl.Boolean(),  # long enough for S-04 to judge (expectations.rules.copies)
}

#: raw.narrative_sketches — the bottom-k sketch of each report's prose shingles (S-04).
SKETCHES_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "shingle_hash": pl.Int64(),
}

#: raw.narrative_pairs — reports whose prose sketches overlap, with the estimated similarity
#: (Jaccard of 5-gram shingle sets); brought up to date after landing (expectations.rules.copies).
PAIRS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),  # the smaller report_id of the pair
    "other_report_id": pl.String(),
    "similarity": pl.Float64(),
    "threshold": pl.Float64(),  # the S-04 threshold the pair was judged with
}

#: raw.narrative_pair_basis — what each judged report's pairs in raw.narrative_pairs rest on: its
#: sketch and its rarest hashes (digests) and the method's parameters. A pair of two reports whose
#: basis is unchanged is the same candidate with the same similarity, so a re-run with 1 % of
#: reports changed compares only the changed reports' pairs again.
PAIR_BASIS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "sketch_digest": pl.UInt64(),
    "rare_digest": pl.UInt64(),
    "method": pl.String(),
}

#: raw.quality_checked — 已核查: one row per report whose findings raw.quality_findings holds, and
#: the code that produced them. A report is checked again only when it is new, re-extracted
#: (another extractor_version) or the rules changed (another rules_version), so a re-run with 1 %
#: of a national year changed checks that 1 %.
CHECKED_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "rules_version": pl.String(),  # fingerprint of the expectations package (rules, catalog)
    "extractor_version": pl.String(),  # raw.reports.extractor_version of the cells checked
}

#: raw.validated_rows — 已校验: the digest of every check-frame row of a rule read from a dbt model
#: (Y-01, Y-02, S-04) that Great Expectations has validated, under the version of the rules and
#: libraries it was validated with (orchestration.lib.validated_rows): a re-run validates the
#: rows whose digests are not here, not the whole model again.
VALIDATED_SCHEMA: dict[str, pl.DataType] = {
    "rule_id": pl.String(),
    "digest_a": pl.UInt64(),  # polars row hash, seed 0
    "digest_b": pl.UInt64(),  # polars row hash, seed 1
    "version": pl.String(),  # orchestration.lib.validated_rows.version()
}

RAW_TABLES = {
    "files": FILES_SCHEMA,
    "reports": REPORTS_SCHEMA,
    "cells": CELLS_SCHEMA,
    "quality_findings": FINDINGS_SCHEMA,  # expectations.findings: made there
    "quality_checked": CHECKED_SCHEMA,
    "statements": STATEMENTS_SCHEMA,
    "narratives": NARRATIVES_SCHEMA,
    "narrative_sketches": SKETCHES_SCHEMA,
    "narrative_pairs": PAIRS_SCHEMA,
    "narrative_pair_basis": PAIR_BASIS_SCHEMA,
    "validated_rows": VALIDATED_SCHEMA,
}

#: The DuckDB warehouse file; the one setting shared by Dagster resources and the dbt profile.
DUCKDB_PATH_ENV = "NIANBAO_DUCKDB_PATH"
DEFAULT_DUCKDB_PATH = "data/warehouse/nianbao.duckdb"
