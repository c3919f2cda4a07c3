-- 单元格事实表: every cell of every report, long, with the agency, year, template, provenance,
-- how it was read (读取方式) and, for scanned pages, the OCR confidence, whether it was derived,
-- and the Chinese labels from the template vocabulary. Counts are BIGINT (value), money DECIMAL
-- (amount; macros/money.sql).
-- Hand corrections (seed cell_corrections via int_cells_with_totals): value / amount are the
-- corrected ones, extracted_value / extracted_amount what the extractor read, is_corrected and
-- the reason, who and date beside them; a cell the extraction left out may be added by hand.
-- Incremental by report (macros/incremental_reports.sql): a report is rebuilt when its cells'
-- extractor_version, its corrections or its agency, year, template or primary flag differ from
-- the rows held.
-- depends_on: {{ ref('stg_reports') }} {{ ref('int_cell_corrections') }}
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    post_hook="{{ report_rows_current() }}",
) }}
with labels as (
    select template, "table" as table_name, "row" as row_key, col as col_key, row_label, col_label
    from {{ ref('template_cells') }}
),

any_template_labels as (
    select table_name, row_key, col_key, min(row_label) as row_label, min(col_label) as col_label
    from labels
    group by table_name, row_key, col_key
)
{%- if can_increment() %},

stale as (
    {{ reports_not_held(
        "select a.report_id, r.extractor_version, a.agency_id, a.report_year, a.template_version, "
        ~ "a.is_primary, k.corrections_digest from " ~ ref('int_agency_reports') ~ " a join "
        ~ ref('stg_reports') ~ " r using (report_id) left join (select distinct report_id, "
        ~ "corrections_digest from " ~ ref('int_cell_corrections') ~ " where is_applied) k "
        ~ "using (report_id) where r.status = 'ok'",
        ['report_id', 'extractor_version', 'agency_id', 'report_year', 'template_version',
         'is_primary', 'corrections_digest'],
    ) }}
)
{%- endif %}

select
    c.report_id,
    a.agency_id,
    a.report_year,
    a.template_version,
    a.is_primary,
    c.table_name,
    c.row_key,
    c.col_key,
    c.cell_key,
    case when c.cell_key not in {{ money_list() }} then {{ as_count('c.value') }} end as value,
    case when c.cell_key in {{ money_list() }} then cast(c.value as decimal(18, 4)) end as amount,
    c.value_text,
    c.source_location,
    c.how,
    c.confidence,
    c.is_derived,
    c.is_corrected,
    c.is_added,
    case when c.cell_key not in {{ money_list() }} then {{ as_count('c.extracted_value') }} end
        as extracted_value,
    case when c.cell_key in {{ money_list() }} then cast(c.extracted_value as decimal(18, 4)) end
        as extracted_amount,
    c.correction_reason,
    c.corrected_by,
    c.corrected_on,
    coalesce(l.row_label, al.row_label) as row_label_zh,
    coalesce(l.col_label, al.col_label) as col_label_zh,
    l.row_key is not null as in_template,
    c.extractor_version,
    c.corrections_digest
from {{ ref('int_cells_with_totals') }} c
join {{ ref('int_agency_reports') }} a using (report_id)
left join labels l
    on l.template = a.template_version
    and l.table_name = c.table_name and l.row_key = c.row_key and l.col_key = c.col_key
left join any_template_labels al
    on al.table_name = c.table_name and al.row_key = c.row_key and al.col_key = c.col_key
{%- if can_increment() %}
where c.report_id in (select report_id from stale)
{%- endif %}
