-- 报告覆盖: agency × year grid over every year the warehouse holds — which agencies published for
-- which years and which are missing (哪些部门今年的报告没有上传). A year before the agency's first
-- report is marked not expected (it may not have existed yet). Agencies whose region is unknown
-- (matched_by 'unplaced': one per report) are left out — they cannot be missing anywhere.
with years as (
    select range as report_year
    from range(
        (select min(report_year) from {{ ref('int_agency_reports') }} where agency_id is not null),
        (select max(report_year) from {{ ref('int_agency_reports') }} where agency_id is not null) + 1
    )
),

per_year as (
    select
        agency_id,
        report_year,
        count(*) as report_count,
        count(*) filter (where status = 'ok') as ok_report_count
    from {{ ref('int_agency_reports') }}
    where agency_id is not null and report_year is not null
    group by agency_id, report_year
)

select
    a.agency_id,
    a.agency_name,
    a.region_id,
    cast(y.report_year as integer) as report_year,
    coalesce(p.report_count, 0) as report_count,
    coalesce(p.ok_report_count, 0) > 0 as has_report,
    case
        when p.ok_report_count > 0 then 'published'
        when p.report_count > 0 then 'rejected'
        else 'missing'
    end as coverage_status,
    y.report_year >= a.first_year as is_expected
from {{ ref('dim_agency') }} a
cross join years y
left join per_year p on p.agency_id = a.agency_id and p.report_year = y.report_year
where a.matched_by <> 'unplaced'
