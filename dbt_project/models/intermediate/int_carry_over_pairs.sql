-- Y-01 inputs: per requests column, 上年结转 (carried_in) this year beside 结转下年度继续办理
-- (carried_out) in the agency's report of the year before. Derived totals take part. The
-- columns are the requests table's: B-03's terms (the six applicants and 总计; seed
-- template_identities).
with cols as (
    select distinct term as col_key
    from {{ ref('template_identities') }}
    where rule_id = 'B-03' and table_name = 'requests'
),

cells as (
    select report_id, row_key, col_key, value
    from {{ ref('int_cells_with_totals') }}
    where table_name = 'requests' and row_key in ('carried_in', 'carried_out')
)

select
    p.agency_id,
    p.report_year,
    c.col_key,
    p.report_id,
    p.prev_report_id,
    cur.value as carried_in,
    prev.value as prev_carried_out
from {{ ref('int_year_pairs') }} p
cross join cols c
left join cells cur
    on cur.report_id = p.report_id and cur.row_key = 'carried_in' and cur.col_key = c.col_key
left join cells prev
    on prev.report_id = p.prev_report_id and prev.row_key = 'carried_out' and prev.col_key = c.col_key
