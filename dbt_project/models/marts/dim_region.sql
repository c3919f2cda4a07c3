-- 行政区划: one row per region_id that reports name — province / city / county with their
-- 6-digit division codes (adcode, from cpca's bundled table via seed region_codes). Names are the
-- official ones where matched, as printed where not (is_matched false).
with matched as (
    select
        m.region_id,
        bool_and(m.is_matched) as is_matched,
        any_value(m.province_adcode) as province_adcode,
        any_value(m.city_adcode) as city_adcode,
        any_value(m.county_adcode) as county_adcode,
        any_value(m.province) as printed_province,
        any_value(m.city) as printed_city,
        any_value(m.county) as printed_county
    from {{ ref('int_region_match') }} m
    group by m.region_id
)

select
    m.region_id,
    case
        when m.region_id = 'unknown' then 'unknown'
        when m.county_adcode is not null or m.printed_county is not null then 'county'
        when m.city_adcode is not null or (m.printed_city is not null and m.printed_city <> coalesce(m.printed_province, '')) then 'city'
        else 'province'
    end as region_level,
    coalesce(p.name, m.printed_province) as province_name,
    m.province_adcode,
    coalesce(c.name, case when m.printed_city <> coalesce(m.printed_province, '') then m.printed_city end) as city_name,
    m.city_adcode,
    coalesce(k.name, m.printed_county) as county_name,
    m.county_adcode,
    m.is_matched
from matched m
left join {{ ref('region_codes') }} p on p.adcode = m.province_adcode
left join {{ ref('region_codes') }} c on c.adcode = m.city_adcode
left join {{ ref('region_codes') }} k on k.adcode = m.county_adcode
