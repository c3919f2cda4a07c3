-- 更正发布: every cell whose value changed from one version of an agency-year's report to the
-- next (report_versions.previous_report_id: the last earlier version that could be read).
-- Values are the marts' (fct_report_cells, after hand corrections); derived 总计 cells are not
-- compared. A cell read in only one of the two versions (left out by the extractor, or a row
-- of the other template) is not compared either: what was left out is not known to differ.
-- Set-based: one join of each version's cells to its predecessor's.
with pairs as (
    select
        v.agency_id,
        v.report_year,
        v.report_id as new_report_id,
        v.version_number as new_version_number,
        v.published_on as new_published_on,
        v.is_current as new_is_current,
        v.agency_name,
        p.report_id as old_report_id,
        p.version_number as old_version_number,
        p.published_on as old_published_on
    from {{ ref('report_versions') }} v
    join {{ ref('report_versions') }} p on p.report_id = v.previous_report_id
),

versioned as (  -- the few reports that have a predecessor or a successor
    select old_report_id as report_id from pairs
    union
    select new_report_id from pairs
),

cells as (  -- only their cells: a national fct_report_cells is 20 million rows
    select
        report_id, table_name, row_key, col_key, cell_key, value, amount, value_text,
        is_corrected, row_label_zh, col_label_zh
    from {{ ref('fct_report_cells') }}
    where not is_derived and report_id in (select report_id from versioned)
)

select
    p.agency_id,
    p.report_year,
    p.agency_name,
    n.table_name,
    n.row_key,
    n.col_key,
    n.cell_key,
    n.row_label_zh,
    n.col_label_zh,
    o.value as old_value,
    n.value as new_value,
    o.amount as old_amount,
    n.amount as new_amount,
    o.value_text as old_value_text,
    n.value_text as new_value_text,
    o.is_corrected or n.is_corrected as involves_correction,
    p.old_report_id as old_sha256,
    p.new_report_id as new_sha256,
    p.old_version_number,
    p.new_version_number,
    p.old_published_on,
    p.new_published_on,
    p.new_is_current
from pairs p
join cells o on o.report_id = p.old_report_id
join cells n on n.report_id = p.new_report_id and n.cell_key = o.cell_key
where o.value is distinct from n.value or o.amount is distinct from n.amount
