-- 质量问题 (report scope): one row per (report, rule, location); renames and casts only.
select
    cast(report_id as varchar) as report_id,
    cast(rule_id as varchar) as rule_id,
    cast(severity as varchar) as severity,
    cast(outcome as varchar) as outcome,
    cast(location as varchar) as location,
    cast(cells as varchar) as cells,
    cast(expected as double) as expected,
    cast(printed as double) as printed,
    cast(expected_date as date) as expected_date,
    cast(printed_date as date) as printed_date,
    cast(message_zh as varchar) as message_zh,
    cast(message_en as varchar) as message_en
from {{ source('raw', 'quality_findings') }}
