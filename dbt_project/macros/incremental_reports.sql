{#- Incremental by report. The big models (int_cells_with_totals, int_report_metrics,
    fct_report_cells: one row per cell or per report) are each a function of one report's cells,
    so a run rebuilds only the reports they do not hold as they are now: new bytes (a new
    report_id), bytes read by other extractor code (extractor_version), or other hand
    corrections (corrections_digest, int_cell_corrections). Rows of reports that
    left the folder, or are no longer ok, are deleted after (report_rows_current). A full
    rebuild stays available: `dbt build --full-refresh`. -#}

{#- true when this run may add to the model's table: it exists and already carries the columns
    its staleness is judged by (the extractor version, the fingerprint of the hand corrections) -#}
{% macro can_increment(required=['extractor_version', 'corrections_digest']) %}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {%- for column in required -%}
        {%- if column not in names -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(true) }}
{% endmacro %}

{#- report_ids of `versions` (report_id, extractor_version, ...) that this model does not hold
    with the same values in `columns` -#}
{% macro reports_not_held(versions, columns=['report_id', 'extractor_version']) %}
    select v.report_id
    from ({{ versions }}) v
    where not exists (
        select 1
        from (select distinct {{ columns | join(', ') }} from {{ this }}) t
        where {% for c in columns %}t.{{ c }} is not distinct from v.{{ c }}{% if not loop.last %} and {% endif %}{% endfor %}
    )
{% endmacro %}

{#- post-hook: delete the rows of reports that are gone, rejected or read by older code -#}
{% macro report_rows_current() %}
    delete from {{ this }} t
    where not exists (
        select 1 from {{ ref('stg_reports') }} r
        where r.status = 'ok' and r.report_id = t.report_id
            and r.extractor_version is not distinct from t.extractor_version
    )
{% endmacro %}
