-- 人工更正: every row of seed cell_corrections, resolved to the report it corrects, with why it
-- cannot apply (problem) when it cannot. A row names its report by report_id (sha256), or by
-- agency (as printed, or agency_id) + report_year: then the report that currently speaks for
-- that agency-year (int_agency_reports.is_primary). is_applied marks the rows the marts use:
-- no problem, and the latest corrected_on for its cell (earlier rows stay as the trail).
-- corrections_digest fingerprints a report's applied corrections: the incremental models
-- rebuild a report when it changes (macros/incremental_reports.sql).
with given as (
    select
        nullif(trim(report_id), '') as given_report_id,
        nullif(trim(agency), '') as given_agency,
        report_year as given_year,
        "table" as table_name,
        "row" as row_key,
        col as col_key,
        "table" || '.' || "row" || '.' || col as cell_key,
        corrected_value,
        nullif(trim(reason), '') as reason,
        nullif(trim(corrected_by), '') as corrected_by,
        corrected_on
    from {{ ref('cell_corrections') }}
),

named_agency as (  -- the agencies whose reports of that year print the name (or have that id)
    select g.given_agency, g.given_year, a.agency_id
    from (select distinct given_agency, given_year from given where given_report_id is null) g
    join {{ ref('int_agency_reports') }} a
        on a.report_year = g.given_year
        and a.agency_id is not null
        and (trim(a.agency_name) = g.given_agency or a.agency_id = g.given_agency)
    group by all
),

by_agency as (
    select
        n.given_agency,
        n.given_year,
        count(*) as agencies,
        any_value(p.report_id) as report_id
    from named_agency n
    left join {{ ref('int_agency_reports') }} p
        on p.agency_id = n.agency_id and p.report_year = n.given_year and p.is_primary
    group by n.given_agency, n.given_year
),

resolved as (
    select
        g.*,
        coalesce(r.report_id, case when b.agencies = 1 then b.report_id end) as report_id,
        b.agencies
    from given g
    left join {{ ref('stg_reports') }} r on r.report_id = g.given_report_id
    left join by_agency b
        on g.given_report_id is null
        and b.given_agency = g.given_agency and b.given_year = g.given_year
),

checked as (
    select
        c.*,
        r.status,
        r.template_version,
        case
            when c.given_report_id is null and (c.given_agency is null or c.given_year is null)
                then 'names no report: give report_id, or agency and report_year'
            when c.agencies > 1 then 'agency + report_year match several agencies: give report_id'
            when c.report_id is null then 'no such report in the warehouse'
            when r.status <> 'ok' then 'the report was rejected: it has no cells'
            when t.template is null
                then 'cell ' || c.cell_key || ' is not in the report''s template ' || coalesce(r.template_version, '?')
            when c.reason is null or c.corrected_by is null or c.corrected_on is null
                then 'reason, corrected_by and corrected_on are all required'
        end as problem
    from resolved c
    left join {{ ref('stg_reports') }} r using (report_id)
    left join {{ ref('template_cells') }} t
        on t.template = r.template_version
        and t."table" = c.table_name and t."row" = c.row_key and t.col = c.col_key
),

ranked as (  -- rows without a problem compete for their cell: the latest day wins
    select
        *,
        count(*) over (partition by report_id, cell_key, problem is null, corrected_on)
            as same_day_rows,
        max(corrected_on) over (partition by report_id, cell_key, problem is null) as latest_on
    from checked
),

applied as (
    select
        * exclude (problem, same_day_rows, latest_on),
        coalesce(
            problem,
            case
                when corrected_on = latest_on and same_day_rows > 1
                    then 'corrected twice on ' || corrected_on || ': keep one row per cell and day'
            end
        ) as problem,
        problem is null and corrected_on = latest_on and same_day_rows = 1 as is_applied
    from ranked
),

digests as (
    select
        report_id,
        md5(string_agg(
            concat_ws(
                '|', cell_key, coalesce(cast(corrected_value as varchar), ''), reason,
                corrected_by, corrected_on
            ),
            ';' order by cell_key
        )) as corrections_digest
    from applied
    where is_applied
    group by report_id
)

select
    a.report_id,
    a.table_name,
    a.row_key,
    a.col_key,
    a.cell_key,
    a.corrected_value,
    a.reason,
    a.corrected_by,
    a.corrected_on,
    a.given_report_id,
    a.given_agency,
    a.given_year,
    a.problem,
    a.is_applied,
    d.corrections_digest
from applied a
left join digests d using (report_id)
