{#- The one Chinese finding message style of expectations/catalog.py, for the findings dbt
    computes (Y-01, Y-02): `<rule> <where>：<expected side>=<n>，<printed side>=<n>`, the side
    labels read from the seed rule_catalog, whole numbers as integers, blank as 空. -#}
{% macro zh_number(x) -%}
    coalesce(
        case when {{ x }} = round({{ x }}) then cast(cast({{ x }} as bigint) as varchar)
             else cast(cast({{ x }} as double) as varchar) end,
        '空')
{%- endmacro %}

{% macro zh_finding_message(rule_alias, where_zh, expected, printed, checkable, blank_zh) -%}
    {{ rule_alias }}.rule_id || ' ' || {{ where_zh }} || '：' || case
        when {{ checkable }} then {{ rule_alias }}.expected_zh || '=' || {{ zh_number(expected) }}
            || '，' || {{ rule_alias }}.printed_zh || '=' || {{ zh_number(printed) }}
        else '无法核对，空白或缺失：' || {{ blank_zh }}
    end
{%- endmacro %}
