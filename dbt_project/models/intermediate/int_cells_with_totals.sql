-- Every cell, plus the requests 总计 column derived where the report prints none.
-- A report "prints no 总计 column" when none of its requests cells in B-03's total column has
-- printed text. Then, per row, total = the sum of B-03's applicant columns (自然人 … 其他; seed
-- template_identities) when all are present (non-null); a row with any blank addend keeps no
-- total — never guessed.
-- Derived cells carry is_derived = true, value_text, how and confidence null, and a
-- source_location saying so.
-- Incremental by report (macros/incremental_reports.sql): only reports not held at their current
-- extractor_version are read; extractor_version is carried for that.
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    post_hook="{{ report_rows_current() }}",
) }}
with current_reports as (
    select report_id, extractor_version
    from {{ ref('stg_reports') }}
    where status = 'ok'
    {%- if can_increment() %}
        and report_id in ({{ reports_not_held(
            "select report_id, extractor_version from " ~ ref('stg_reports') ~ " where status = 'ok'"
        ) }})
    {%- endif %}
),

cells as (
    select c.*, r.extractor_version
    from {{ ref('stg_cells') }} c
    join current_reports r using (report_id)
),

-- B-03 (总计 = 自然人 + 五类法人或其他组织): the same in both template versions
b03 as (
    select distinct table_name, side, term as col_key
    from {{ ref('template_identities') }}
    where rule_id = 'B-03'
),

printed_total as (
    select distinct c.report_id
    from cells c
    join b03 t on t.side = 'left' and t.table_name = c.table_name and t.col_key = c.col_key
    where coalesce(trim(c.value_text), '') <> ''
),

derived as (
    select
        c.report_id,
        c.table_name,
        c.row_key,
        t.col_key,
        c.table_name || '.' || c.row_key || '.' || t.col_key as cell_key,
        cast(sum(c.value) as decimal(18, 4)) as value,
        cast(null as varchar) as value_text,
        'derived: sum of the six applicant columns' as source_location,
        cast(null as varchar) as how,
        any_value(c.extractor_version) as extractor_version,
        cast(null as double) as confidence,
        true as is_derived
    from cells c
    join b03 a on a.side = 'right' and a.table_name = c.table_name and a.col_key = c.col_key
    join b03 t on t.side = 'left' and t.table_name = c.table_name
    where c.report_id not in (select report_id from printed_total)
    group by c.report_id, c.table_name, c.row_key, t.col_key
    having count(c.value) = (select count(*) from b03 where side = 'right')
)

select c.*, false as is_derived
from cells c
where not exists (
    select 1 from derived d
    where d.report_id = c.report_id and d.cell_key = c.cell_key
)
union all by name
select * from derived
