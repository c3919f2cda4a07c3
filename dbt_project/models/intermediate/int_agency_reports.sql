-- Every report with its agency identity and whether it is the one that speaks for its
-- agency-year. agency_id = first 16 hex digits of md5(region_id || '|' || agency_key), where
-- agency_key is the hand pin ('pin:' || pin_to, seed agency_overrides) or else the root name_key
-- of the name's lineage chain (int_agency_names, int_agency_lineage). A report that names no
-- region at all is its own agency (matched_by 'unplaced') until a person pins it.
-- Two reports (copies, or versions) of one agency and year: the primary is, in this order, a
-- report whose file is still in the folder before a withdrawn one (已撤回: its file left the
-- folder), then an ok report before a rejected one, then the later publication date (a re-issued correction), then the later
-- arrival (first seen by the warehouse later: a replacement upload), then fewer consistency
-- findings, then more non-blank cells, then the smaller report_id. chosen_by names the first
-- criterion that separated the primary from the runner-up ('only' for a single copy).
-- version_number numbers the copies in the order they were issued (1 = first): earlier
-- publication date first (no date counts as earliest), then earlier arrival, then report_id.
with filled as (
    select report_id, count(value) as nonblank_cells
    from {{ ref('stg_cells') }}
    group by report_id
),

findings as (
    select report_id, count(*) as finding_count
    from {{ ref('stg_quality_findings') }}
    where outcome = 'violation'
    group by report_id
),

keyed as (
    select
        r.report_id,
        r.status,
        r.report_year,
        r.template_version,
        r.published_on,
        r.first_seen_at,
        r.withdrawn_at,
        r.agency_name,
        rr.region_id,
        coalesce(f.nonblank_cells, 0) as nonblank_cells,
        coalesce(q.finding_count, 0) as finding_count,
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
    left join findings q using (report_id)
    left join {{ ref('int_agency_overrides') }} o using (report_id)
    left join {{ ref('int_agency_names') }} n
        on n.region_id = rr.region_id and n.agency_name = {{ clean_agency_name('r.agency_name') }}
    left join {{ ref('int_agency_lineage') }} l
        on l.region_id = n.region_id and l.name_key = n.name_key
),

ranked as (
    select
        *,
        left(md5(region_id || '|' || agency_key), 16) as candidate_id,
        row_number() over copies as copy_rank,
        row_number() over (
            partition by region_id, agency_key, report_year
            order by published_on nulls first, first_seen_at nulls first, report_id
        ) as version_rank,
        count(*) over (partition by region_id, agency_key, report_year) as copy_count,
        lead(withdrawn_at is not null) over copies as next_withdrawn,
        lead(status) over copies as next_status,
        lead(published_on) over copies as next_published_on,
        lead(first_seen_at) over copies as next_first_seen_at,
        lead(finding_count) over copies as next_finding_count,
        lead(nonblank_cells) over copies as next_nonblank_cells
    from keyed
    window copies as (
        partition by region_id, agency_key, report_year
        order by
            withdrawn_at is null desc,
            status = 'ok' desc,
            published_on desc nulls last,
            first_seen_at desc nulls last,
            finding_count,
            nonblank_cells desc,
            report_id
    )
)

select
    report_id,
    status,
    report_year,
    template_version,
    published_on,
    first_seen_at,
    withdrawn_at,
    withdrawn_at is not null as is_withdrawn,
    agency_name,
    region_id,
    agency_key,
    case when agency_key is not null then candidate_id end as agency_id,
    matched_by,
    nonblank_cells,
    finding_count,
    case when agency_key is null or report_year is null then 1 else copy_count end as copies,
    case
        when agency_key is null or report_year is null then false
        else copy_rank = 1
    end as is_primary,
    case
        when agency_key is null or report_year is null then 'only'
        when copy_rank > 1 then null
        when copy_count = 1 then 'only'
        when (withdrawn_at is not null) is distinct from next_withdrawn then 'withdrawn'
        when status is distinct from next_status then 'status'
        when published_on is distinct from next_published_on then 'published'
        when first_seen_at is distinct from next_first_seen_at then 'arrival'
        when finding_count <> next_finding_count then 'findings'
        when nonblank_cells <> next_nonblank_cells then 'cells'
        else 'report_id'
    end as chosen_by,
    case when agency_key is null or report_year is null then 1 else version_rank end
        as version_number
from ranked
