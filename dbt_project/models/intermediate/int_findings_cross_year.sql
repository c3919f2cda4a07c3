-- 跨年度勾稽: the cross-year rules, in the columns of raw.quality_findings. Severity and the
-- wording of each side come from the seed rule_catalog (generated from expectations/catalog.py),
-- row and column labels from template_cells, so the messages read like the report-scope ones:
-- `Y-01 自然人列：上年四、结转下年度=4，本年二、上年结转=3`.
-- Y-01: carried_in(year) = carried_out(year − 1) per requests column, same agency.
-- Y-02: in_force(year) = in_force(year − 1) + issued(year) − repealed(year), 2021 template.
-- A blank operand gives outcome cannot_check (never a violation); a pass gives no row.
with rules as (
    select * from {{ ref('rule_catalog') }}
),

-- one label per key (the later template's where the two versions word it differently)
col_labels as (
    select "table" as table_name, col as col_key,
        arg_max(split_part(col_label, '·', -1), template) as col_label
    from {{ ref('template_cells') }}
    group by 1, 2
),

row_labels as (
    select "table" as table_name, "row" as row_key, arg_max(row_label, template) as row_label
    from {{ ref('template_cells') }}
    group by 1, 2
),

y01_pairs as (
    select
        p.*,
        coalesce(cl.col_label, p.col_key) || '列' as where_zh,
        carried_in is not null and prev_carried_out is not null as checkable,
        concat_ws('、',
            case when carried_in is null then li.row_label || '·' || coalesce(cl.col_label, p.col_key) end,
            case when prev_carried_out is null then '上年' || lo.row_label || '·' || coalesce(cl.col_label, p.col_key) end
        ) as blank_zh
    from {{ ref('int_carry_over_pairs') }} p
    left join col_labels cl on cl.table_name = 'requests' and cl.col_key = p.col_key
    left join row_labels li on li.table_name = 'requests' and li.row_key = 'carried_in'
    left join row_labels lo on lo.table_name = 'requests' and lo.row_key = 'carried_out'
    where carried_in is null or prev_carried_out is null or carried_in <> prev_carried_out
),

y01 as (
    select
        p.report_id,
        r.rule_id,
        r.severity,
        case when p.checkable then 'violation' else 'cannot_check' end as outcome,
        'requests.' || p.col_key as location,
        'requests.carried_in.' || p.col_key || ',requests.carried_out.' || p.col_key || '@' || p.prev_report_id as cells,
        cast(p.prev_carried_out as double) as expected,
        cast(p.carried_in as double) as printed,
        cast(null as date) as expected_date,
        cast(null as date) as printed_date,
        {{ zh_finding_message('r', 'p.where_zh', 'p.prev_carried_out', 'p.carried_in', 'p.checkable', 'p.blank_zh') }} as message_zh,
        'Y-01 column ' || p.col_key || ': carried in ' || coalesce(cast(cast(p.carried_in as double) as varchar), 'blank')
            || ' but carried out in ' || cast(p.report_year - 1 as varchar) || ' was '
            || coalesce(cast(cast(p.prev_carried_out as double) as varchar), 'blank') as message_en
    from y01_pairs p
    join rules r on r.rule_id = 'Y-01'
),

y02_pairs as (
    select
        p.*,
        prev_in_force + issued - repealed as expected_in_force,
        coalesce(rl.row_label, p.row_key) || '行' as where_zh,
        in_force is not null and prev_in_force is not null and issued is not null and repealed is not null
            as checkable,
        concat_ws('、',
            case when in_force is null then coalesce(rl.row_label, p.row_key) || '·' || cf.col_label end,
            case when prev_in_force is null then '上年' || coalesce(rl.row_label, p.row_key) || '·' || cf.col_label end,
            case when issued is null then coalesce(rl.row_label, p.row_key) || '·' || ci.col_label end,
            case when repealed is null then coalesce(rl.row_label, p.row_key) || '·' || cr.col_label end
        ) as blank_zh
    from {{ ref('int_in_force_pairs') }} p
    left join row_labels rl on rl.table_name = 'proactive' and rl.row_key = p.row_key
    left join col_labels cf on cf.table_name = 'proactive' and cf.col_key = 'in_force'
    left join col_labels ci on ci.table_name = 'proactive' and ci.col_key = 'issued'
    left join col_labels cr on cr.table_name = 'proactive' and cr.col_key = 'repealed'
    where in_force is null or prev_in_force is null or issued is null or repealed is null
        or in_force <> prev_in_force + issued - repealed
),

y02 as (
    select
        p.report_id,
        r.rule_id,
        r.severity,
        case when p.checkable then 'violation' else 'cannot_check' end as outcome,
        'proactive.' || p.row_key as location,
        'proactive.' || p.row_key || '.in_force,proactive.' || p.row_key || '.issued,proactive.' || p.row_key
            || '.repealed,proactive.' || p.row_key || '.in_force@' || p.prev_report_id as cells,
        cast(p.expected_in_force as double) as expected,
        cast(p.in_force as double) as printed,
        cast(null as date) as expected_date,
        cast(null as date) as printed_date,
        {{ zh_finding_message('r', 'p.where_zh', 'p.expected_in_force', 'p.in_force', 'p.checkable', 'p.blank_zh') }} as message_zh,
        'Y-02 ' || p.row_key || ': in force ' || coalesce(cast(cast(p.in_force as double) as varchar), 'blank')
            || ' but last year in force + issued - repealed = '
            || coalesce(cast(cast(p.expected_in_force as double) as varchar), 'blank') as message_en
    from y02_pairs p
    join rules r on r.rule_id = 'Y-02'
)

select * from y01
union all
select * from y02
