-- Y-01 inputs: per requests column, 上年结转 (carried_in) this year beside 结转下年度继续办理
-- (carried_out) in the agency's report of the year before. Derived totals take part.
{% set columns = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org', 'total'] %}
with cols as (
    select unnest([{% for c in columns %}'{{ c }}'{% if not loop.last %}, {% endif %}{% endfor %}]) as col_key
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
