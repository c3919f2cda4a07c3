-- 跨年度勾稽: the check rows of the cross-year rules, computed here and nowhere else — one row per
-- pair of reports (the agency's primary ok report and its report of the year before) × location,
-- in the columns of a check frame (expectations/frames.py CHECK_SCHEMA). The Dagster checks
-- validate these rows with the rules' GX suites; int_findings_cross_year is their failing rows.
-- Y-01: carried_in(year) = carried_out(year − 1) per requests column, same agency.
-- Y-02: in_force(year) = in_force(year − 1) + issued(year) − repealed(year), 2021 template.
-- A blank operand makes the row not checkable (cannot_check: passed is null), never a violation.
-- A cell of the year before is named `<key>@<its report_id>`; where_zh and blank_zh are the
-- location and the blank cells in Chinese (row and column labels from template_cells), for the
-- messages.
with col_labels as (
    -- one label per key (the later template's where the two versions word it differently)
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

y01 as (
    select
        p.*,
        p.carried_in is not null and p.prev_carried_out is not null as checkable,
        'requests.carried_in.' || p.col_key as this_key,
        'requests.carried_out.' || p.col_key || '@' || p.prev_report_id as last_key,
        coalesce(cl.col_label, p.col_key) as col_label,
        li.row_label as carried_in_label,
        lo.row_label as carried_out_label
    from {{ ref('int_carry_over_pairs') }} p
    left join col_labels cl on cl.table_name = 'requests' and cl.col_key = p.col_key
    left join row_labels li on li.table_name = 'requests' and li.row_key = 'carried_in'
    left join row_labels lo on lo.table_name = 'requests' and lo.row_key = 'carried_out'
),

y01_checks as (
    select
        report_id,
        'Y-01' as rule_id,
        'requests.' || col_key as location,
        this_key || ',' || last_key as cells,
        cast(prev_carried_out as double) as expected,
        cast(carried_in as double) as printed,
        checkable,
        case when checkable then carried_in = prev_carried_out end as passed,
        nullif(concat_ws(',',
            case when carried_in is null then this_key end,
            case when prev_carried_out is null then last_key end
        ), '') as blank_cells,
        agency_id,
        report_year,
        prev_report_id,
        col_label || '列' as where_zh,
        case when not checkable then concat_ws('、',
            case when carried_in is null then carried_in_label || '·' || col_label end,
            case when prev_carried_out is null then '上年' || carried_out_label || '·' || col_label end
        ) end as blank_zh
    from y01
),

y02 as (
    select
        p.*,
        -- in the cells' own decimal type: the comparison is exact
        p.prev_in_force + p.issued - p.repealed as expected_in_force,
        p.in_force is not null and p.prev_in_force is not null and p.issued is not null
            and p.repealed is not null as checkable,
        'proactive.' || p.row_key || '.' as key_prefix,
        coalesce(rl.row_label, p.row_key) as row_label,
        cf.col_label as in_force_label,
        ci.col_label as issued_label,
        cr.col_label as repealed_label
    from {{ ref('int_in_force_pairs') }} p
    left join row_labels rl on rl.table_name = 'proactive' and rl.row_key = p.row_key
    left join col_labels cf on cf.table_name = 'proactive' and cf.col_key = 'in_force'
    left join col_labels ci on ci.table_name = 'proactive' and ci.col_key = 'issued'
    left join col_labels cr on cr.table_name = 'proactive' and cr.col_key = 'repealed'
),

y02_checks as (
    select
        report_id,
        'Y-02' as rule_id,
        'proactive.' || row_key as location,
        key_prefix || 'in_force,' || key_prefix || 'issued,' || key_prefix || 'repealed,'
            || key_prefix || 'in_force@' || prev_report_id as cells,
        cast(expected_in_force as double) as expected,
        cast(in_force as double) as printed,
        checkable,
        case when checkable then in_force = expected_in_force end as passed,
        nullif(concat_ws(',',
            case when in_force is null then key_prefix || 'in_force' end,
            case when prev_in_force is null then key_prefix || 'in_force@' || prev_report_id end,
            case when issued is null then key_prefix || 'issued' end,
            case when repealed is null then key_prefix || 'repealed' end
        ), '') as blank_cells,
        agency_id,
        report_year,
        prev_report_id,
        row_label || '行' as where_zh,
        case when not checkable then concat_ws('、',
            case when in_force is null then row_label || '·' || in_force_label end,
            case when prev_in_force is null then '上年' || row_label || '·' || in_force_label end,
            case when issued is null then row_label || '·' || issued_label end,
            case when repealed is null then row_label || '·' || repealed_label end
        ) end as blank_zh
    from y02
)

select * from y01_checks
union all
select * from y02_checks
