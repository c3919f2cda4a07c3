-- 机关: one row per agency across years, however its name changed (see int_agency_names for the
-- matching rule, int_agency_lineage for renames, seed agency_overrides for hand pins).
with reports as (
    select * from {{ ref('int_agency_reports') }} where agency_id is not null
),

names as (
    select agency_id, agency_name, min(report_year) as first_year, max(report_year) as last_year
    from reports
    group by agency_id, agency_name
),

names_seen as (
    select
        agency_id,
        string_agg(
            agency_name || coalesce(' (' || first_year
                || case when last_year > first_year then '–' || last_year else '' end || ')', ''),
            '; ' order by first_year nulls last, agency_name
        ) as names_seen
    from names
    group by agency_id
),

latest as (
    -- the name printed most recently, preferring one whose region prefix was not an OCR slip
    select r.agency_id, r.agency_name
    from reports r
    left join {{ ref('int_agency_names') }} n
        on n.region_id = r.region_id and n.agency_name = {{ clean_agency_name('r.agency_name') }}
    qualify row_number() over (
        partition by r.agency_id
        order by coalesce(n.prefix_is_fuzzy, false), r.report_year desc nulls last, r.is_primary desc, r.report_id
    ) = 1
)

select
    r.agency_id,
    any_value(r.region_id) as region_id,
    any_value(r.agency_key) as agency_key,
    l.agency_name as agency_name,
    s.names_seen,
    count(distinct r.agency_name) as name_count,
    case
        when bool_or(r.matched_by = 'override') then 'override'
        when bool_or(r.matched_by = 'unplaced') then 'unplaced'
        when bool_or(r.matched_by = 'lineage') then 'lineage'
        else 'name'
    end as matched_by,
    min(r.report_year) as first_year,
    max(r.report_year) as last_year,
    count(distinct r.report_year) as years_reported,
    count(*) as report_count
from reports r
join latest l using (agency_id)
join names_seen s using (agency_id)
group by r.agency_id, l.agency_name, s.names_seen
