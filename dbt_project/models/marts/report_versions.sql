-- 报告版本: every version (copy) of an agency-year, in the order they were issued, never
-- overwritten: a restated report (更正后重新发布) is a new version beside the old one, and a
-- file removed from the folder stays as a withdrawn version (已撤回). is_current is the version
-- that speaks for the agency-year (int_agency_reports.is_primary, the one ranking; the marts
-- read it); version_number is int_agency_reports' issue order (1 = first).
-- previous_report_id is the version before it that could be read (status ok): the pair
-- mart_restatements compares.
with versions as (
    select
        a.agency_id,
        a.report_year,
        a.version_number,
        a.copies as version_count,
        a.report_id,
        a.agency_name,
        a.status,
        a.published_on,
        a.first_seen_at,
        a.is_primary as is_current,
        a.chosen_by,
        a.is_withdrawn,
        a.withdrawn_at
    from {{ ref('int_agency_reports') }} a
    where a.agency_id is not null and a.report_year is not null
),

readable as (
    select
        report_id,
        lag(report_id) over (
            partition by agency_id, report_year order by version_number
        ) as previous_report_id
    from versions
    where status = 'ok'
)

select
    v.agency_id,
    v.report_year,
    v.version_number,
    v.version_count,
    v.report_id,
    v.report_id as sha256,
    v.agency_name,
    d.file_name,
    d.file_path,
    v.status,
    v.published_on,
    v.first_seen_at,
    v.is_current,
    v.chosen_by,
    v.is_withdrawn,
    v.withdrawn_at,
    r.previous_report_id
from versions v
join {{ ref('dim_report') }} d using (report_id)
left join readable r using (report_id)
