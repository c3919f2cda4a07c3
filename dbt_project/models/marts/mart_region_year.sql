-- 地区年度汇总: per province, city and county (each level its own rows) and year — how many
-- agencies reported, the summed counts, and the rates recomputed from sums over the agencies
-- whose numerator and denominator are both present. A province row covers every agency in the
-- province (its own, its cities', its counties'); a city row its own and its counties'.
{%- set sums = ['new_received', 'carried_in', 'result_total', 'granted', 'partial', 'denied_total',
                'unable_total', 'unable_not_held', 'not_processed_total', 'other_total', 'carried_over',
                'review_total', 'review_corrected', 'review_pending',
                'litigation_direct_total', 'litigation_direct_corrected', 'litigation_direct_pending',
                'litigation_after_review_total', 'litigation_after_review_corrected', 'litigation_after_review_pending',
                'licensing_decisions', 'penalty_decisions', 'coercion_decisions'] %}
with agency_year as (
    select
        y.*,
        r.region_level,
        r.province_name, r.province_adcode,
        r.city_name, r.city_adcode,
        r.county_name, r.county_adcode,
        coalesce(r.province_adcode, r.province_name) as province_key,
        coalesce(r.city_adcode, r.city_name) as city_key,
        coalesce(r.county_adcode, r.county_name) as county_key
    from {{ ref('mart_agency_year') }} y
    join {{ ref('dim_region') }} r using (region_id)
    where r.region_level <> 'unknown'
),

{%- set levels = [
    ('province', 'province_key', "province_key is not null"),
    ('city', 'city_key', "city_key is not null"),
    ('county', 'county_key', "county_key is not null"),
] %}

rolled as (
    {%- for level, key, cond in levels %}
    select
        '{{ level }}' as region_level,
        {{ key }} as region_key,
        any_value(province_name) as province_name,
        any_value(province_adcode) as province_adcode,
        {% if level in ('city', 'county') %}any_value(city_name){% else %}cast(null as varchar){% endif %} as city_name,
        {% if level in ('city', 'county') %}any_value(city_adcode){% else %}cast(null as varchar){% endif %} as city_adcode,
        {% if level == 'county' %}any_value(county_name){% else %}cast(null as varchar){% endif %} as county_name,
        {% if level == 'county' %}any_value(county_adcode){% else %}cast(null as varchar){% endif %} as county_adcode,
        report_year,
        count(distinct agency_id) filter (where report_status = 'ok') as agencies_reported,
        count(distinct agency_id) filter (where report_status = 'rejected') as agencies_rejected_only,
        count(distinct agency_id) filter (where quality_status = 'passes') as agencies_passing,
        {%- for s in sums %}
        cast(sum({{ s }}) as bigint) as {{ s }},
        {%- endfor %}
        {%- for name, num, den in rate_metrics() %}
        {{ safe_rate('sum(' ~ num ~ ') filter (where (' ~ num ~ ') is not null and (' ~ den ~ ') is not null)',
                     'sum(' ~ den ~ ') filter (where (' ~ num ~ ') is not null and (' ~ den ~ ') is not null)') }}
            as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from agency_year
    where {{ cond }}
    group by {{ key }}, report_year
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    region_level || ':' || region_key || ':' || report_year as region_year_id,
    *
from rolled
