{#- The cells that hold money, not counts (万元 fees of 2021, 采购总金额 of 2019): the only
    numbers published as DECIMAL; every count is BIGINT and every rate DOUBLE. -#}
{% macro money_cells() -%}
    {{- return(['proactive.fees.amount_wan_yuan', 'proactive.procurement.amount']) -}}
{%- endmacro %}

{% macro money_metrics() -%}
    {{- return(['fees_amount_wan_yuan', 'procurement_amount']) -}}
{%- endmacro %}

{#- A count as BIGINT: null when blank or printed with a fraction (B-04 flags that). -#}
{% macro as_count(x) -%}
    case when {{ x }} = round({{ x }}) then cast({{ x }} as bigint) end
{%- endmacro %}

{% macro money_list() -%}
    ({% for k in money_cells() %}'{{ k }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
