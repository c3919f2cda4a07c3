-- A derived 总计 equals the sum of its six printed applicant columns, and only reports without a
-- printed 总计 column get one.
with derived as (
    select report_id, row_key, value
    from {{ ref('fct_report_cells') }}
    where is_derived
),

-- only the rows that have a derived 总计 (a semi join first: summing every requests row of a
-- national year is a 20-million-row aggregation for a few thousand rows that matter)
applicants as (
    select c.report_id, c.row_key, sum(c.value) as total, count(c.value) as present
    from {{ ref('fct_report_cells') }} c
    semi join derived d on d.report_id = c.report_id and d.row_key = c.row_key
    where c.table_name = 'requests' and c.col_key <> 'total'
    group by c.report_id, c.row_key
)

select d.report_id, d.row_key, d.value, a.total, a.present
from derived d
left join applicants a using (report_id, row_key)
where a.present is distinct from 6 or a.total <> d.value
    or d.report_id in (
        select report_id from {{ ref('stg_cells') }}
        where table_name = 'requests' and col_key = 'total' and coalesce(trim(value_text), '') <> ''
    )
