-- 同比: each metric of mart_agency_year beside the same agency's previous year (year − 1), long:
-- one row per agency, year and metric. The 2019 and 2021 templates measure 主动公开 differently:
-- across the break only the 处理决定数量 of 行政许可 / 行政处罚 / 行政强制 compare; every other
-- proactive metric gets prev_value / change / pct_change NULL and comparability = template_break.
{%- set metrics = [] %}
{%- for name, key, grp in cell_metrics() %}{% do metrics.append((name, grp)) %}{% endfor %}
{%- for name, cols in summed_metrics() %}{% do metrics.append((name, 'requests')) %}{% endfor %}
{%- do metrics.append(('other_total', 'requests')) %}
{%- for name, num, den in rate_metrics() %}{% do metrics.append((name, 'rate')) %}{% endfor %}

with wide as (
    select
        agency_id, report_year, template_version,
        {%- for name, grp in metrics %}
        cast({{ name }} as double) as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('mart_agency_year') }}
),

-- each agency-year beside its year − 1 while still wide (one join of agency-years), then both
-- values unpivoted together: a join of the long rows would pair millions of metric rows instead
paired_wide as (
    select
        cur.agency_id,
        cur.report_year,
        cur.template_version,
        prev.template_version as prev_template_version,
        prev.agency_id is not null as has_previous,
        {%- for name, grp in metrics %}
        cur.{{ name }} as {{ name }}, prev.{{ name }} as prev_{{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from wide cur
    left join wide prev
        on prev.agency_id = cur.agency_id
        and prev.report_year = cur.report_year - 1
),

long as (
    select *
    from paired_wide
    unpivot include nulls (
        (value, prev_raw) for metric in (
            {%- for name, grp in metrics %}
            ({{ name }}, prev_{{ name }}) as {{ name }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        )
    )
),

groups as (
    select * from (values
        {%- for name, grp in metrics %}
        ('{{ name }}', '{{ grp }}'){% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as g(metric, metric_group)
),

paired as (
    select
        l.agency_id,
        l.report_year,
        l.metric,
        g.metric_group,
        l.template_version,
        l.prev_template_version,
        l.value,
        l.prev_raw,
        case
            when not l.has_previous then 'no_previous_report'
            when l.template_version <> l.prev_template_version
                and g.metric_group in ('proactive_2019', 'proactive_2021') then 'template_break'
            else 'comparable'
        end as comparability
    from long l
    join groups g using (metric)
)

select
    agency_id,
    report_year,
    metric,
    metric_group,
    template_version,
    prev_template_version,
    value,
    case when comparability = 'comparable' then prev_raw end as prev_value,
    case when comparability = 'comparable' then value - prev_raw end as change,
    case when comparability = 'comparable' then (value - prev_raw) / nullif(prev_raw, 0) end as pct_change,
    comparability = 'comparable' as is_comparable,
    comparability
from paired
