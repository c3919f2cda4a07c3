{#- The printed agency name with whitespace dropped and full-width brackets made half-width: the
    form int_agency_names keys on and agency_overrides is matched against. -#}
{% macro clean_agency_name(expr) -%}
    translate(regexp_replace({{ expr }}, '\s+', '', 'g'), '（）', '()')
{%- endmacro %}

{#- `expr` without the first of `names` (SQL expressions) it starts with; names shorter than two
    characters never strip (a bare 市 would eat 市场监督管理局). -#}
{% macro strip_prefix(expr, names) -%}
    case
    {%- for n in names %}
        when {{ n }} is not null and length({{ n }}) >= 2 and starts_with({{ expr }}, {{ n }})
            then substr({{ expr }}, length({{ n }}) + 1)
    {%- endfor %}
        else {{ expr }}
    end
{%- endmacro %}
