-- 质量问题明细: one row per (report, rule, location) — the report-scope findings of the Great
-- Expectations gates (raw.quality_findings) and the cross-year findings (Y-01, Y-02) of dbt.
with findings as (
    select *, 'report' as rule_scope from {{ ref('stg_quality_findings') }}
    union all
    select *, 'agency_year' as rule_scope from {{ ref('int_findings_cross_year') }}
)

select
    f.report_id,
    f.rule_id,
    f.location,
    a.agency_id,
    a.report_year,
    a.agency_name,
    a.is_primary,
    f.rule_scope,
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
