-- 跨年度勾稽: the cross-year findings (Y-01, Y-02) in the columns of raw.quality_findings — the
-- rows of int_checks_cross_year (where the rules are computed) that fail or cannot be checked,
-- with their messages. Severity and the wording of each side come from the seed rule_catalog
-- (generated from expectations/catalog.py), so the messages read like the report-scope ones:
-- `Y-01 自然人列：上年四、结转下年度=4，本年二、上年结转=3`. A pass gives no row.
with rules as (
    select * from {{ ref('rule_catalog') }}
),

failing as (
    select * from {{ ref('int_checks_cross_year') }}
    where not checkable or not passed
)

select
    c.report_id,
    r.rule_id,
    r.severity,
    case when c.checkable then 'violation' else 'cannot_check' end as outcome,
    c.location,
    c.cells,
    c.expected,
    c.printed,
    cast(null as date) as expected_date,
    cast(null as date) as printed_date,
    {{ zh_finding_message('r', 'c.where_zh', 'c.expected', 'c.printed', 'c.checkable', 'c.blank_zh') }} as message_zh,
    case r.rule_id
        when 'Y-01' then 'Y-01 column ' || split_part(c.location, '.', 2) || ': carried in '
            || coalesce(cast(c.printed as varchar), 'blank') || ' but carried out in '
            || cast(c.report_year - 1 as varchar) || ' was '
            || coalesce(cast(c.expected as varchar), 'blank')
        when 'Y-02' then 'Y-02 ' || split_part(c.location, '.', 2) || ': in force '
            || coalesce(cast(c.printed as varchar), 'blank')
            || ' but last year in force + issued - repealed = '
            || coalesce(cast(c.expected as varchar), 'blank')
    end as message_en
from failing c
join rules r using (rule_id)
