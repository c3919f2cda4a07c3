-- 质量排行: findings per agency and year (of the primary report: report-scope findings from
-- raw.quality_findings plus the cross-year Y-01 / Y-02), for ranking and follow-up.
with findings as (
    select * from {{ ref('quality_findings') }} where is_primary
),

per_report as (
    select
        report_id,
        count(*) filter (where outcome = 'violation') as violation_count,
        count(*) filter (where outcome = 'violation' and severity = 'error') as error_count,
        count(*) filter (where outcome = 'violation' and severity = 'warn') as warn_count,
        count(*) filter (where outcome = 'cannot_check') as cannot_check_count,
        count(*) filter (where outcome = 'violation' and rule_scope = 'agency_year') as cross_year_count,
        string_agg(distinct rule_id, ',' order by rule_id) filter (where outcome = 'violation') as rules_violated
    from findings
    group by report_id
)

select
    y.agency_id,
    y.report_year,
    y.report_id,
    y.agency_name,
    y.region_id,
    y.quality_status,
    coalesce(f.violation_count, 0) as violation_count,
    coalesce(f.error_count, 0) as error_count,
    coalesce(f.warn_count, 0) as warn_count,
    coalesce(f.cannot_check_count, 0) as cannot_check_count,
    coalesce(f.cross_year_count, 0) as cross_year_count,
    f.rules_violated,
    dense_rank() over (
        partition by y.report_year
        order by coalesce(f.error_count, 0) desc, coalesce(f.violation_count, 0) desc
    ) as rank_in_year
from {{ ref('mart_agency_year') }} y
left join per_report f using (report_id)
