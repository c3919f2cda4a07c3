-- Each report with its region_id and the canonical / short names of its matched divisions.
select
    r.report_id,
    m.region_id,
    m.is_matched as region_is_matched,
    r.province,
    r.city,
    r.county,
    p.name as province_name,
    p.short_name as province_short,
    c.name as city_name,
    c.short_name as city_short,
    k.name as county_name,
    k.short_name as county_short
from {{ ref('stg_reports') }} r
left join {{ ref('int_region_match') }} m
    on m.province is not distinct from nullif(trim(r.province), '')
    and m.city is not distinct from nullif(trim(r.city), '')
    and m.county is not distinct from nullif(trim(r.county), '')
left join {{ ref('region_codes') }} p on p.adcode = m.province_adcode
left join {{ ref('region_codes') }} c on c.adcode = m.city_adcode
left join {{ ref('region_codes') }} k on k.adcode = m.county_adcode
