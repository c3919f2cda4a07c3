-- Every cell, plus the requests 总计 column derived where the report prints none.
-- A report "prints no 总计 column" when none of its requests cells in B-03's total column has
-- printed text. Then, per row, total = the sum of B-03's applicant columns (自然人 … 其他; seed
-- template_identities) when all are present (non-null); a row with any blank addend keeps no
-- total — never guessed.
-- Derived cells carry is_derived = true, value_text, how and confidence null, and a
-- source_location saying so.
-- Hand corrections (int_cell_corrections) are applied first: value is the corrected value,
-- extracted_value what was read, is_corrected and the correction's reason / who / date beside
-- them; a correction of a cell the extraction left out adds it (is_added, source_location
-- 'added by hand (人工更正)', value_text null). Derived totals add the corrected values.
-- The cell CTEs are not materialized: DuckDB would copy every column of every cell into a CTE
-- that spills past the memory limit and is read four times; recomputing from raw.cells is 3x
-- faster (20k reports: 9.8-11.3 s -> 2.1-4.6 s, same rows).
-- Incremental by report (macros/incremental_reports.sql): only reports not held at their current
-- extractor_version and corrections_digest are read; both are carried for that.
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    post_hook="{{ report_rows_current() }}",
) }}
with corrections as (
    select distinct report_id, corrections_digest
    from {{ ref('int_cell_corrections') }}
    where is_applied
),

current_reports as (
    select r.report_id, r.extractor_version, c.corrections_digest
    from {{ ref('stg_reports') }} r
    left join corrections c using (report_id)
    where r.status = 'ok'
    {%- if can_increment() %}
        and r.report_id in ({{ reports_not_held(
            "select r.report_id, r.extractor_version, c.corrections_digest from "
            ~ ref('stg_reports') ~ " r left join corrections c using (report_id) "
            ~ "where r.status = 'ok'",
            ['report_id', 'extractor_version', 'corrections_digest'],
        ) }})
    {%- endif %}
),

extracted as not materialized (
    select c.*, r.extractor_version, r.corrections_digest
    from {{ ref('stg_cells') }} c
    join current_reports r using (report_id)
),

fixes as not materialized (
    select f.* exclude (corrections_digest), r.extractor_version, r.corrections_digest
    from {{ ref('int_cell_corrections') }} f
    join current_reports r using (report_id)
    where f.is_applied
),

-- a correction replaces the extracted value, or adds the cell the extraction left out
cells as not materialized (
    select
        report_id,
        coalesce(e.table_name, f.table_name) as table_name,
        coalesce(e.row_key, f.row_key) as row_key,
        coalesce(e.col_key, f.col_key) as col_key,
        coalesce(e.cell_key, f.cell_key) as cell_key,
        case when f.cell_key is not null then f.corrected_value else e.value end as value,
        e.value_text,
        coalesce(e.source_location, 'added by hand (人工更正)') as source_location,
        e.how,
        e.confidence,
        coalesce(e.extractor_version, f.extractor_version) as extractor_version,
        coalesce(e.corrections_digest, f.corrections_digest) as corrections_digest,
        f.cell_key is not null as is_corrected,
        e.report_id is null as is_added,
        e.value as extracted_value,
        f.reason as correction_reason,
        f.corrected_by,
        f.corrected_on
    from extracted e
    full join fixes f using (report_id, cell_key)
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
        any_value(c.corrections_digest) as corrections_digest,
        cast(null as double) as confidence,
        false as is_corrected,
        false as is_added,
        true as is_derived
    from cells c
    join b03 a on a.side = 'right' and a.table_name = c.table_name and a.col_key = c.col_key
    join b03 t on t.side = 'left' and t.table_name = c.table_name
    where c.report_id not in (select report_id from printed_total)
    group by c.report_id, c.table_name, c.row_key, t.col_key
    having count(c.value) = (select count(*) from b03 where side = 'right')
)

-- a hand correction of a 总计 cell stands over the derived one
select c.*, false as is_derived
from cells c
where c.is_corrected or not exists (
    select 1 from derived d
    where d.report_id = c.report_id and d.cell_key = c.cell_key
)
union all by name
select d.*
from derived d
where not exists (
    select 1 from cells c
    where c.is_corrected and c.report_id = d.report_id and c.cell_key = d.cell_key
)
