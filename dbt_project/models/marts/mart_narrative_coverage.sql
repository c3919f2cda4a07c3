-- 正文核对覆盖: per ok report, how much of its prose the checks X-01 and S-04 could read — the
-- counts its prose states, how many were recognised and compared with the tables, how many
-- disagree, whether its prose was long enough to judge for copying and how close the nearest
-- report came.
with statements as (
    select
        report_id,
        count(*) as statements,
        count(quantity) as recognised,
        count(cells) as compared
    from {{ ref('stg_statements') }}
    group by report_id
),

x01 as (
    select
        report_id,
        count(*) filter (where outcome = 'violation') as x01_violations,
        count(*) filter (where outcome = 'cannot_check') as x01_cannot_check
    from {{ ref('stg_quality_findings') }}
    where rule_id = 'X-01'
    group by report_id
),

copies as (
    select
        report_id,
        max(similarity) as max_similarity,
        count(*) filter (where similarity >= threshold) as s04_violations
    from {{ ref('int_copy_pairs') }}
    group by report_id
)

select
    a.report_id,
    a.agency_id,
    a.agency_name,
    a.report_year,
    a.is_primary,
    r.source_path,
    coalesce(n.prose_sentences, 0) as prose_sentences,
    coalesce(s.statements, 0) as statements,
    coalesce(s.recognised, 0) as recognised,
    coalesce(s.compared, 0) as compared,
    coalesce(s.statements, 0) - coalesce(s.recognised, 0) as unrecognised,
    coalesce(x.x01_violations, 0) as x01_violations,
    coalesce(x.x01_cannot_check, 0) as x01_cannot_check,
    coalesce(n.comparable_chars, 0) as comparable_chars,
    coalesce(n.copy_judged, false) as copy_judged,
    c.max_similarity,
    coalesce(c.s04_violations, 0) as s04_violations
from {{ ref('int_agency_reports') }} a
join {{ ref('stg_reports') }} r using (report_id)
left join {{ ref('stg_narratives') }} n using (report_id)
left join statements s using (report_id)
left join x01 x using (report_id)
left join copies c using (report_id)
where a.status = 'ok'
