-- 机关名称规范化: each distinct (region, printed agency name) → name_key, the order-insensitive
-- form two spellings of one agency share. The matching rule, in order:
--   1. drop whitespace; full-width brackets → half-width;
--   2. strip the region prefix: province, then city, then county, each by its full or short
--      name (江苏省/江苏, 宿迁市/宿迁, 沭阳县/沭阳), as printed or as matched in region_codes; the
--      county also when one character differs (OCR: 沐阳县工信局 → 工信局);
--   3. a trailing 委 → 委员会, a trailing 办 → 办公室 (发改委 = 发展和改革委员会);
--   4. components: every pattern of seed agency_name_components found (longest first) maps to
--      its canonical components — abbreviations expand here (工信 → 工业 + 信息化, 发改 → 发展 +
--      改革, 科工 → 科技 + 工业 + 信息化);
--   5. the leftover (the name without the patterns and the joiners 和 与 及 、) is kept as is
--      (局, 委员会, 档案馆 …);
--   name_key = leftover || ':' || the sorted distinct components, so 工业和信息化科技局 and
--   科技和工业信息化局 meet at 局:信息化+工业+科技 (sorted), and 发改局 meets 发展和改革局.
-- Renames that change the components (工信局 → 工业和信息化科技局) are joined across years by
-- int_agency_lineage; what no rule can see is pinned by hand in seed agency_overrides.
-- The patterns form one regex, read from the seed when the model runs and written into the SQL
-- as a literal: DuckDB compiles a constant pattern once, a subquery's result once per row (30×
-- slower over a national year's names).
{% set pattern_query -%}
select string_agg(pattern, '|' order by length(pattern) desc, pattern)
from (select distinct pattern from {{ ref('agency_name_components') }})
{%- endset %}
{% set pattern_regex -%}
{%- if execute -%}
    {%- set found = run_query(pattern_query).columns[0].values()[0] -%}
    {%- if found is none -%} null {%- else -%} '{{ found | replace("'", "''") }}' {%- endif -%}
{%- else -%} null {%- endif -%}
{%- endset %}

with reports as (
    select
        rr.region_id,
        rr.province, rr.city, rr.county,
        rr.province_name, rr.province_short,
        rr.city_name, rr.city_short,
        rr.county_name, rr.county_short,
        {{ clean_agency_name('r.agency_name') }} as agency_name,
        r.report_year
    from {{ ref('stg_reports') }} r
    join {{ ref('int_report_regions') }} rr using (report_id)
    where nullif(trim(r.agency_name), '') is not null
),



distinct_names as (
    select
        region_id, agency_name,
        any_value(province) as province, any_value(city) as city, any_value(county) as county,
        any_value(province_name) as province_name, any_value(province_short) as province_short,
        any_value(city_name) as city_name, any_value(city_short) as city_short,
        any_value(county_name) as county_name, any_value(county_short) as county_short,
        min(report_year) as first_year,
        max(report_year) as last_year,
        count(*) as report_count
    from reports
    group by region_id, agency_name
),

no_province as (
    select *,
        {{ strip_prefix('agency_name', ['province_name', 'province', 'province_short']) }} as s1
    from distinct_names
),

no_city as (
    select *,
        {{ strip_prefix('s1', ['city_name', 'city', 'city_short']) }} as s2
    from no_province
),

no_county as (
    select *,
        case
            when county_name is not null and length(county_name) >= 3
                and length(s2) > length(county_name)
                and levenshtein(left(s2, length(county_name)), county_name) = 1
                and right(left(s2, length(county_name)), 1) = right(county_name, 1)
                and not starts_with(s2, county_name)
                then substr(s2, length(county_name) + 1)
            else {{ strip_prefix('s2', ['county_name', 'county', 'county_short']) }}
        end as s3,
        county_name is not null and length(county_name) >= 3
            and length(s2) > length(county_name)
            and levenshtein(left(s2, length(county_name)), county_name) = 1
            and right(left(s2, length(county_name)), 1) = right(county_name, 1)
            and not starts_with(s2, county_name) as prefix_is_fuzzy
    from no_city
),

bodies as (
    select *,
        regexp_replace(regexp_replace(s3, '委$', '委员会'), '办$', '办公室') as body
    from no_county
),

components as (
    select
        b.region_id, b.agency_name,
        list_sort(list_distinct(list(c.component) filter (where c.component is not null))) as components
    from bodies b
    left join lateral (select unnest(regexp_extract_all(b.body, {{ pattern_regex }})) as pattern) found on true
    left join {{ ref('agency_name_components') }} c on c.pattern = found.pattern
    group by b.region_id, b.agency_name
)

select
    b.region_id,
    b.agency_name,
    b.body as name_body,
    coalesce(k.components, []) as components,
    regexp_replace(regexp_replace(b.body, {{ pattern_regex }}, '', 'g'), '[和与及、]', '', 'g') as leftover,
    regexp_replace(regexp_replace(b.body, {{ pattern_regex }}, '', 'g'), '[和与及、]', '', 'g')
        || ':' || array_to_string(coalesce(k.components, []), '+') as name_key,
    b.prefix_is_fuzzy,
    b.first_year,
    b.last_year,
    b.report_count
from bodies b
left join components k using (region_id, agency_name)
