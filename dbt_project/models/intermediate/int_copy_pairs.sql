-- 内容雷同 (S-04) inputs: each primary ok report beside the report its prose most resembles, for
-- the two comparisons the rule makes — the same agency's report of the year before
-- (previous_year) and another agency's report of the same year (same_year). Pairs come from
-- stg_narrative_pairs (set-based sketch join, expectations/rules/copies.py); a pair of the same
-- year is kept for both reports (which one copied cannot be told).
with primary_ok as (
    select report_id, agency_id, agency_name, report_year
    from {{ ref('int_agency_reports') }}
    where is_primary and status = 'ok'
),

both_ways as (
    select report_id, other_report_id, similarity, threshold from {{ ref('stg_narrative_pairs') }}
    union all
    select other_report_id, report_id, similarity, threshold from {{ ref('stg_narrative_pairs') }}
),

related as (
    select
        p.report_id,
        p.other_report_id,
        case
            when o.agency_id = r.agency_id and o.report_year = r.report_year - 1 then 'previous_year'
            when o.agency_id <> r.agency_id and o.report_year = r.report_year then 'same_year'
        end as relation,
        p.similarity,
        p.threshold,
        r.agency_id,
        r.report_year,
        o.agency_id as other_agency_id,
        o.agency_name as other_agency,
        o.report_year as other_year
    from both_ways p
    join primary_ok r on r.report_id = p.report_id
    join primary_ok o on o.report_id = p.other_report_id
)

select
    r.report_id,
    r.other_report_id,
    r.relation,
    r.similarity,
    r.threshold,
    r.agency_id,
    r.report_year,
    r.other_agency_id,
    r.other_agency,
    r.other_year,
    s.source_path as other_path
from related r
left join {{ ref('stg_reports') }} s on s.report_id = r.other_report_id
where r.relation is not null
qualify row_number() over (
    partition by r.report_id, r.relation order by r.similarity desc, r.other_report_id
) = 1
