-- Y-02 inputs (2021 template, both years): per row 规章 / 行政规范性文件, 现行有效件数 this year
-- beside last year's, with this year's 本年制发件数 and 本年废止件数.
with rows_ as (
    select unnest(['rules', 'normative_docs']) as row_key
),

cells as (
    select report_id, row_key, col_key, value
    from {{ ref('int_cells_with_totals') }}
    where table_name = 'proactive' and row_key in ('rules', 'normative_docs')
        and col_key in ('in_force', 'issued', 'repealed')
)

select
    p.agency_id,
    p.report_year,
    r.row_key,
    p.report_id,
    p.prev_report_id,
    max(cur.value) filter (where cur.col_key = 'in_force') as in_force,
    max(prev.value) filter (where prev.col_key = 'in_force') as prev_in_force,
    max(cur.value) filter (where cur.col_key = 'issued') as issued,
    max(cur.value) filter (where cur.col_key = 'repealed') as repealed
from {{ ref('int_year_pairs') }} p
cross join rows_ r
left join cells cur on cur.report_id = p.report_id and cur.row_key = r.row_key
left join cells prev on prev.report_id = p.prev_report_id and prev.row_key = r.row_key
where p.template_version = '2021' and p.prev_template_version = '2021'
group by all
