-- One row per report: the cells of mart_agency_year side by side (with derived totals), the
-- outcome-group sums and the rates. Conditional aggregation over the long cells: set-based.
-- other_total is （六）其他处理 in the 总计 column as the report prints it: the B-02 outcome rows
-- found in one template version only (seed template_identities: 2019's single row, 2021's three
-- sub-rows). The fullest version printed with every row present wins (the 2021 sub-rows when all
-- three are present, else the 2019 row); a blank row is never read as zero.
-- Incremental by report (macros/incremental_reports.sql): only the reports whose cells
-- int_cells_with_totals holds at a version (extractor_version, corrections_digest) this model
-- does not are aggregated. Values are the hand-corrected ones (int_cells_with_totals).
-- depends_on: {{ ref('stg_reports') }}
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    post_hook="{{ report_rows_current() }}",
) }}
{%- set cells = cell_metrics() %}
-- not materialized: read once per use instead of copying every cell column into a spilled CTE
with report_cells as not materialized (
    select * from {{ ref('int_cells_with_totals') }}
    {%- if can_increment() %}
    where report_id in ({{ reports_not_held(
        "select distinct report_id, extractor_version, corrections_digest from "
        ~ ref('int_cells_with_totals'),
        ['report_id', 'extractor_version', 'corrections_digest'],
    ) }})
    {%- endif %}
),

other_rows as (
    select any_value(template) as template, any_value(table_name) as table_name, term as row_key
    from {{ ref('template_identities') }}
    where rule_id = 'B-02' and side = 'right'
    group by term
    having count(distinct template) = 1
),

other_sizes as (
    select template, count(*) as n_rows from other_rows group by template
),

other_cells as (
    select c.report_id, r.template, r.row_key, max(c.value) as value
    from other_rows r
    join report_cells c
        on c.table_name = r.table_name and c.row_key = r.row_key and c.col_key = 'total'
    group by c.report_id, r.template, r.row_key
),

other_groups as (
    select o.report_id, o.template, any_value(s.n_rows) as n_rows, sum(o.value) as value
    from other_cells o
    join other_sizes s using (template)
    group by o.report_id, o.template
    having count(o.value) = any_value(s.n_rows)
),

other_total as (
    -- DECIMAL(20, 4): the type of a sum of up to three DECIMAL(18, 4) cells
    select report_id, cast(arg_max(value, n_rows) as decimal(20, 4)) as other_total
    from other_groups
    group by report_id
),

-- the metric cells numbered once, so the pivot below compares integers, not 65 long keys per
-- cell (about 1.6x faster over 4 M cells); reports with none of them still get their row
metric_keys as (
    select * from (values
        {%- for name, key, grp in cells %}
        ('{{ key }}', {{ loop.index }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as m (cell_key, metric_no)
),

picked as (
    select
        c.report_id,
        {%- for name, key, grp in cells %}
        max(c.value) filter (where m.metric_no = {{ loop.index }}) as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from report_cells c
    join metric_keys m using (cell_key)
    group by c.report_id
),

reports as (
    select
        report_id,
        bool_or(is_derived) filter (where table_name = 'requests' and col_key = 'total') as has_derived_total,
        any_value(extractor_version) as extractor_version,
        any_value(corrections_digest) as corrections_digest
    from report_cells
    group by report_id
),

wide as (
    select
        r.report_id,
        p.* exclude (report_id),
        r.has_derived_total,
        r.extractor_version,
        r.corrections_digest
    from reports r
    left join picked p using (report_id)
),

summed as (
    select
        wide.*,
        {%- for name, cols in summed_metrics() %}
        {{ sum_if_all_present(cols) }} as {{ name }},
        {%- endfor %}
        o.other_total
    from wide
    left join other_total o using (report_id)
)

select
    *,
    {%- for name, num, den in rate_metrics() %}
    {{ safe_rate(num, den) }} as {{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from summed
