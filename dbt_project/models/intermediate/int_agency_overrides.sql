-- Reports pinned by hand (seed agency_overrides): a report whose cleaned agency name equals
-- agency_name, whose printed or matched province / city / county equal the seed's where the seed
-- gives one, and whose year lies in [from_year, to_year] (blank = open) gets agency_key
-- 'pin:' || pin_to. Rows sharing pin_to merge; one name pinned to two pin_to values for two year
-- ranges splits. When several rows match a report, the narrowest year range wins, then pin_to.
with overrides as (
    select
        {{ clean_agency_name('agency_name') }} as agency_name,
        nullif(trim(province), '') as province,
        nullif(trim(city), '') as city,
        nullif(trim(county), '') as county,
        coalesce(from_year, 0) as from_year,
        coalesce(to_year, 9999) as to_year,
        trim(pin_to) as pin_to
    from {{ ref('agency_overrides') }}
    where nullif(trim(pin_to), '') is not null
),

reports as (
    select
        r.report_id, r.report_year,
        {{ clean_agency_name('r.agency_name') }} as agency_name,
        rr.province, rr.city, rr.county, rr.province_name, rr.city_name, rr.county_name
    from {{ ref('stg_reports') }} r
    join {{ ref('int_report_regions') }} rr using (report_id)
),

matches as (
    select
        r.report_id,
        o.pin_to,
        row_number() over (
            partition by r.report_id order by o.to_year - o.from_year, o.pin_to
        ) as pick
    from reports r
    join overrides o
        on o.agency_name = r.agency_name
        and (o.province is null or o.province in (r.province, r.province_name))
        and (o.city is null or o.city in (r.city, r.city_name))
        and (o.county is null or o.county in (r.county, r.county_name))
        and coalesce(r.report_year, -1) between o.from_year and o.to_year
)

select report_id, 'pin:' || pin_to as agency_key
from matches
where pick = 1
