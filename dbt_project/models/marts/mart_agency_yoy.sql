-- 同比: each metric of mart_agency_year beside the same agency's previous year (year − 1), long:
-- one row per agency, year and metric. The 2019 and 2021 templates measure 主动公开 differently:
-- across the break only the 处理决定数量 of 行政许可 / 行政处罚 / 行政强制 compare; every other
-- proactive metric gets prev_value / change / pct_change NULL and comparability = template_break.
-- Incremental by agency: an agency's rows are a function of its own mart_agency_year rows, so a
-- run rebuilds only the agencies whose rows there differ from what source_digest says they were
-- built from (a 1 % re-run of a national year: about 1,000 of 25,000 agencies, not 7.5 million
-- rows); agencies gone from mart_agency_year are deleted after. `dbt build --full-refresh`
-- rebuilds all.
{{ config(
    materialized='incremental',
    unique_key='agency_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    post_hook="delete from {{ this }} t where not exists (select 1 from "
        ~ "{{ ref('mart_agency_year') }} y where y.agency_id = t.agency_id)",
) }}
{%- set metrics = [] %}
{%- for name, key, grp in cell_metrics() %}{% do metrics.append((name, grp)) %}{% endfor %}
{%- for name, cols in summed_metrics() %}{% do metrics.append((name, 'requests')) %}{% endfor %}
{%- do metrics.append(('other_total', 'requests')) %}
{%- for name, num, den in rate_metrics() %}{% do metrics.append((name, 'rate')) %}{% endfor %}

with all_wide as (
    select
        agency_id, report_year, template_version,
        {%- for name, grp in metrics %}
        cast({{ name }} as double) as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('mart_agency_year') }}
),

-- what an agency's rows are built from: its wide rows, this model's code and its metric list
digests as (
    select agency_id,
        hash(sum(hash(w)), '{{ model.checksum.checksum }}',
            '{% for name, grp in metrics %}{{ name }}:{{ grp }},{% endfor %}') as source_digest
    from all_wide w
    group by agency_id
),

wide as (
    select w.*, d.source_digest
    from all_wide w
    join digests d using (agency_id)
    {%- if can_increment(['source_digest']) %}
    where not exists (
        select 1 from (select distinct agency_id, source_digest from {{ this }}) t
        where t.agency_id = d.agency_id and t.source_digest = d.source_digest
    )
    {%- endif %}
),

-- each agency-year beside its year − 1 while still wide (one join of agency-years), then both
-- values unpivoted together: a join of the long rows would pair millions of metric rows instead
paired_wide as (
    select
        cur.agency_id,
        cur.report_year,
        cur.template_version,
        cur.source_digest,
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
        l.source_digest,
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
    comparability,
    source_digest
from paired
