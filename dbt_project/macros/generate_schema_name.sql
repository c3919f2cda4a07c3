{#- Schemas are named as configured (staging, intermediate, marts, reference), not prefixed with
    the target schema, so BI users and the Dagster assets find `marts.mart_agency_year`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
