-- Every report with its agency identity and whether it is the one that speaks for its
-- agency-year. agency_id = first 16 hex digits of md5(region_id || '|' || agency_key), where
-- agency_key is the hand pin ('pin:' || pin_to, seed agency_overrides) or else the root name_key
-- of the name's lineage chain (int_agency_names, int_agency_lineage). A report that names no
-- region at all is its own agency (matched_by 'unplaced') until a person pins it.
-- Two reports of one agency and year: the primary is, in this order, an ok report before a
-- rejected one, then the one with more non-blank cells, then the later publication date (a
-- re-issued correction), then the smaller report_id — deterministic, and documented in the marts.
with filled as (
    select report_id, count(value) as nonblank_cells
    from {{ ref('stg_cells') }}
    group by report_id
),

keyed as (
    select
        r.report_id,
        r.status,
        r.report_year,
        r.template_version,
        r.published_on,
        r.agency_name,
        rr.region_id,
        coalesce(f.nonblank_cells, 0) as nonblank_cells,
        case
            when o.agency_key is not null then o.agency_key
            -- no region known: a bare 工信局 could be any county's, so the report stands alone
            when n.name_key is not null and rr.region_id = 'unknown' then 'unplaced:' || r.report_id
            when n.name_key is not null then coalesce(l.root_key, n.name_key)
        end as agency_key,
        case
            when o.agency_key is not null then 'override'
            when n.name_key is not null and rr.region_id = 'unknown' then 'unplaced'
            when l.renames_before > 0 then 'lineage'
            when n.name_key is not null then 'name'
        end as matched_by
    from {{ ref('stg_reports') }} r
    join {{ ref('int_report_regions') }} rr using (report_id)
    left join filled f using (report_id)
    left join {{ ref('int_agency_overrides') }} o using (report_id)
    left join {{ ref('int_agency_names') }} n
        on n.region_id = rr.region_id and n.agency_name = {{ clean_agency_name('r.agency_name') }}
    left join {{ ref('int_agency_lineage') }} l
        on l.region_id = n.region_id and l.name_key = n.name_key
)

select
    report_id,
    status,
    report_year,
    template_version,
    published_on,
    agency_name,
    region_id,
    agency_key,
    case when agency_key is not null then left(md5(region_id || '|' || agency_key), 16) end
        as agency_id,
    matched_by,
    nonblank_cells,
    case
        when agency_key is null or report_year is null then false
        else row_number() over (
            partition by region_id, agency_key, report_year
            order by status = 'ok' desc, nonblank_cells desc, published_on desc nulls last, report_id
        ) = 1
    end as is_primary
from keyed
