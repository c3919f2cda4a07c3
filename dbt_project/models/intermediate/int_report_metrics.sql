-- One row per report: the cells of mart_agency_year side by side (with derived totals), the
-- outcome-group sums and the rates. Conditional aggregation over the long cells: set-based.
{%- set cells = cell_metrics() %}
with wide as (
    select
        report_id,
        {%- for name, key, grp in cells %}
        max(value) filter (where cell_key = '{{ key }}') as {{ name }},
        {%- endfor %}
        bool_or(is_derived) filter (where table_name = 'requests' and col_key = 'total') as has_derived_total
    from {{ ref('int_cells_with_totals') }}
    group by report_id
),

summed as (
    select
        *,
        {%- for name, cols in summed_metrics() %}
        {{ sum_if_all_present(cols) }} as {{ name }},
        {%- endfor %}
        -- （六）其他处理: the 2021 three sub-rows when all are present, else the 2019 single row
        coalesce({{ sum_if_all_present(['other_no_correction', 'other_fee_unpaid', 'other_other']) }}, other)
            as other_total
    from wide
)

select
    *,
    {%- for name, num, den in rate_metrics() %}
    {{ safe_rate(num, den) }} as {{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from summed
