-- 地区匹配: each distinct (province, city, county) as printed → the divisions of seed region_codes.
-- Rule, level by level, each within the parent already matched (or nationwide when the parent is
-- unknown): exact full or short name (沭阳县 / 沭阳); otherwise one substitution away from exactly
-- one candidate of the same length (OCR slips such as 沐阳县 for 沭阳县); ambiguous → unmatched.
-- region_id = the adcode of the deepest matched level; a printed level that does not match gets a
-- hash suffix so two unmatched divisions under one city never merge; when no level matches at
-- all the region is 'unknown' (its agencies then stand alone, see int_agency_reports).
with printed as (
    select distinct
        nullif(trim(province), '') as province,
        nullif(trim(city), '') as city,
        nullif(trim(county), '') as county
    from {{ ref('stg_reports') }}
),

regions as (
    select * from {{ ref('region_codes') }}
),

{% set fuzzy = "(length(r.name) = length({n}) and length({n}) >= 3 and levenshtein(r.name, {n}) = 1)" %}

province_candidates as (
    select p.province, r.adcode,
        case when r.name = p.province or r.short_name = p.province then 0 else 1 end as distance
    from (select distinct province from printed where province is not null) p
    join regions r
        on r.level = 'province'
        and (r.name = p.province or r.short_name = p.province or {{ fuzzy.format(n='p.province') }})
),

province_best as (
    select *, min(distance) over (partition by province) as best
    from province_candidates
),

province_match as (
    select province, min(adcode) as province_adcode
    from province_best
    where distance = best
    group by province
    having count(*) = 1
),

with_province as (
    select pr.*, pm.province_adcode
    from printed pr
    left join province_match pm using (province)
),

city_candidates as (
    select w.province, w.city, r.adcode, r.province_adcode,
        case when r.name = w.city or r.short_name = w.city then 0 else 1 end as distance
    from (select distinct province, province_adcode, city from with_province where city is not null) w
    join regions r
        on r.level = 'city'
        and (w.province_adcode is null or r.province_adcode = w.province_adcode)
        and (r.name = w.city or r.short_name = w.city or {{ fuzzy.format(n='w.city') }})
),

city_best as (
    select *, min(distance) over (partition by province, city) as best
    from city_candidates
),

city_match as (
    select province, city, min(adcode) as city_adcode, min(province_adcode) as city_province_adcode
    from city_best
    where distance = best
    group by province, city
    having count(*) = 1
),

with_city as (
    select w.province, w.city, w.county,
        coalesce(w.province_adcode, cm.city_province_adcode) as province_adcode,
        cm.city_adcode
    from with_province w
    left join city_match cm
        on cm.province is not distinct from w.province and cm.city = w.city
),

county_candidates as (
    select w.province, w.city, w.county, r.adcode, r.province_adcode, r.city_adcode,
        case when r.name = w.county or r.short_name = w.county then 0 else 1 end as distance
    from (select distinct province, city, county, province_adcode, city_adcode from with_city where county is not null) w
    join regions r
        on r.level = 'county'
        and (w.city_adcode is null or r.city_adcode = w.city_adcode)
        and (w.province_adcode is null or r.province_adcode = w.province_adcode)
        and (r.name = w.county or r.short_name = w.county or {{ fuzzy.format(n='w.county') }})
),

county_best as (
    select *, min(distance) over (partition by province, city, county) as best
    from county_candidates
),

county_match as (
    select province, city, county,
        min(adcode) as county_adcode,
        min(province_adcode) as county_province_adcode,
        min(city_adcode) as county_city_adcode
    from county_best
    where distance = best
    group by province, city, county
    having count(*) = 1
),

matched as (
    select
        w.province, w.city, w.county,
        coalesce(w.province_adcode, km.county_province_adcode) as province_adcode,
        coalesce(w.city_adcode, km.county_city_adcode) as city_adcode,
        km.county_adcode
    from with_city w
    left join county_match km
        on km.province is not distinct from w.province
        and km.city is not distinct from w.city
        and km.county = w.county
)

select
    province,
    city,
    county,
    province_adcode,
    city_adcode,
    county_adcode,
    case
        -- nothing printed, or nothing matched (an ambiguous 朝阳区 with no parent): no region
        when province_adcode is null and city_adcode is null and county_adcode is null then 'unknown'
        when (county is null or county_adcode is not null)
            and (city is null or city = province or city_adcode is not null or county_adcode is not null)
            and (province is null or province_adcode is not null)
            then coalesce(county_adcode, city_adcode, province_adcode)
        else coalesce(county_adcode, city_adcode, province_adcode) || '-'
            || left(md5(coalesce(province, '') || '|' || coalesce(city, '') || '|' || coalesce(county, '')), 8)
    end as region_id,
    (county is null or county_adcode is not null)
        and (city is null or city = province or city_adcode is not null or county_adcode is not null)
        and (province is null or province_adcode is not null)
        and not (province is null and city is null and county is null) as is_matched
from matched
