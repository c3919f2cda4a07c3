-- 跨年度勾稽: the cross-year rules, in the columns of raw.quality_findings (severity warn).
-- Y-01: carried_in(year) = carried_out(year − 1) per requests column, same agency.
-- Y-02: in_force(year) = in_force(year − 1) + issued(year) − repealed(year), 2021 template.
-- A blank operand gives outcome cannot_check (never a violation); a pass gives no row.
with y01 as (
    select
        report_id,
        'Y-01' as rule_id,
        'warn' as severity,
        case when carried_in is null or prev_carried_out is null then 'cannot_check' else 'violation' end as outcome,
        'requests.' || col_key as location,
        'requests.carried_in.' || col_key || ',requests.carried_out.' || col_key || '@' || prev_report_id as cells,
        cast(prev_carried_out as double) as expected,
        cast(carried_in as double) as printed,
        'Y-01 ' || col_key || '列: 本年上年结转=' || coalesce(cast(cast(carried_in as double) as varchar), '空')
            || ' ≠ ' || cast(report_year - 1 as varchar) || '年结转下年度='
            || coalesce(cast(cast(prev_carried_out as double) as varchar), '空') as message_zh,
        'Y-01 column ' || col_key || ': carried in ' || coalesce(cast(cast(carried_in as double) as varchar), 'blank')
            || ' but carried out in ' || cast(report_year - 1 as varchar) || ' was '
            || coalesce(cast(cast(prev_carried_out as double) as varchar), 'blank') as message_en
    from {{ ref('int_carry_over_pairs') }}
    where carried_in is null or prev_carried_out is null or carried_in <> prev_carried_out
),

y02 as (
    select
        report_id,
        'Y-02' as rule_id,
        'warn' as severity,
        case
            when in_force is null or prev_in_force is null or issued is null or repealed is null then 'cannot_check'
            else 'violation'
        end as outcome,
        'proactive.' || row_key as location,
        'proactive.' || row_key || '.in_force,proactive.' || row_key || '.issued,proactive.' || row_key
            || '.repealed,proactive.' || row_key || '.in_force@' || prev_report_id as cells,
        cast(prev_in_force + issued - repealed as double) as expected,
        cast(in_force as double) as printed,
        'Y-02 ' || row_key || ': 现行有效=' || coalesce(cast(cast(in_force as double) as varchar), '空')
            || ' ≠ 上年现行有效+本年制发−本年废止='
            || coalesce(cast(cast(prev_in_force + issued - repealed as double) as varchar), '空') as message_zh,
        'Y-02 ' || row_key || ': in force ' || coalesce(cast(cast(in_force as double) as varchar), 'blank')
            || ' but last year in force + issued - repealed = '
            || coalesce(cast(cast(prev_in_force + issued - repealed as double) as varchar), 'blank') as message_en
    from {{ ref('int_in_force_pairs') }}
    where in_force is null or prev_in_force is null or issued is null or repealed is null
        or in_force <> prev_in_force + issued - repealed
)

select * from y01
union all
select * from y02
