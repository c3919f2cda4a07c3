-- 机关年度指标: one row per agency and report year, read from the agency-year's primary report
-- (int_agency_reports: ok before rejected, then more non-blank cells, then later publication,
-- then smaller report_id). Counts from the requests 总计 column (derived when not printed), the
-- outcome groups, disputes by outcome, proactive decisions, the standard rates (NULL when the
-- denominator is 0 or blank) and the quality status a BI user filters on. Counts are BIGINT,
-- rates DOUBLE, only money (macros/money.sql) DECIMAL.
{%- set cells = cell_metrics() %}
with primary_reports as (
    select * from {{ ref('int_agency_reports') }} where is_primary
),

per_year as (
    select agency_id, report_year, count(*) as report_count
    from {{ ref('int_agency_reports') }}
    where agency_id is not null and report_year is not null
    group by agency_id, report_year
),

findings as (  -- per-report counts are dim_report's (counted once)
    select report_id, finding_count, error_count, cannot_check_count
    from {{ ref('dim_report') }}
)

select
    p.agency_id,
    p.report_year,
    p.report_id,
    p.agency_name,
    p.region_id,
    p.template_version,
    p.status as report_status,
    y.report_count,
    {%- for name, key, grp in cells %}
    {%- if name in money_metrics() %}
    cast(m.{{ name }} as decimal(18, 4)) as {{ name }},
    {%- else %}
    {{ as_count('m.' ~ name) }} as {{ name }},
    {%- endif %}
    {%- endfor %}
    {%- for name, cols in summed_metrics() %}
    {{ as_count('m.' ~ name) }} as {{ name }},
    {%- endfor %}
    {{ as_count('m.other_total') }} as other_total,
    coalesce(m.has_derived_total, false) as has_derived_total,
    {%- for name, num, den in rate_metrics() %}
    m.{{ name }},
    {%- endfor %}
    case
        when p.status = 'rejected' then 'rejected'
        when coalesce(f.finding_count, 0) > 0 then 'findings'
        else 'passes'
    end as quality_status,
    coalesce(f.finding_count, 0) as finding_count,
    coalesce(f.error_count, 0) as error_count,
    coalesce(f.cannot_check_count, 0) as cannot_check_count
from primary_reports p
join per_year y using (agency_id, report_year)
left join {{ ref('int_report_metrics') }} m using (report_id)
left join findings f using (report_id)
