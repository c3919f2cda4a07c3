-- 质量问题明细: one row per (report, rule, location) — the report-scope findings of the Great
-- Expectations gates (raw.quality_findings: B-01 … T-01, X-01), the cross-year findings (Y-01,
-- Y-02) and the copied-prose findings (S-04) of dbt. rule_scope is the catalog's.
with findings as (
    select * from {{ ref('stg_quality_findings') }}
    union all
    select * from {{ ref('int_findings_cross_year') }}
    union all
    select * from {{ ref('int_findings_copies') }}
)

select
    f.report_id,
    f.rule_id,
    f.location,
    a.agency_id,
    a.report_year,
    a.agency_name,
    a.is_primary,
    c.rule_scope,
    f.severity,
    f.outcome,
    f.cells,
    f.expected,
    f.printed,
    f.expected_date,
    f.printed_date,
    f.message_zh,
    f.message_en
from findings f
left join {{ ref('int_agency_reports') }} a using (report_id)
left join {{ ref('rule_catalog') }} c using (rule_id)
