{#- The metrics of mart_agency_year read straight from one cell: (metric, cell_key, group).
    group `proactive_2019` / `proactive_2021` marks the 主动公开 measures that exist in one
    template version only; `proactive_both` the three that mean the same in both (处理决定数量 of
    行政许可 / 行政处罚 / 行政强制). -#}
{% macro cell_metrics() -%}
    {%- set applicants = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org'] -%}
    {%- set m = [
        ('new_received', 'requests.new_received.total', 'requests'),
    ] -%}
    {%- for a in applicants -%}
        {%- do m.append(('new_received_' ~ a, 'requests.new_received.' ~ a, 'requests')) -%}
    {%- endfor -%}
    {%- for row in ['carried_in', 'granted', 'partial',
                    'deny_state_secret', 'deny_law_forbidden', 'deny_security_stability', 'deny_third_party',
                    'deny_internal_affairs', 'deny_process_info', 'deny_enforcement_file', 'deny_admin_query',
                    'unable_not_held', 'unable_needs_creation', 'unable_unclear',
                    'np_petition', 'np_duplicate', 'np_publication', 'np_mass_repeat', 'np_confirm_reissue',
                    'other', 'other_no_correction', 'other_fee_unpaid', 'other_other', 'result_total'] -%}
        {%- do m.append((row, 'requests.' ~ row ~ '.total', 'requests')) -%}
    {%- endfor -%}
    {%- do m.append(('carried_over', 'requests.carried_out.total', 'requests')) -%}
    {%- for row in ['review', 'litigation_direct', 'litigation_after_review'] -%}
        {%- for col in ['upheld', 'corrected', 'other', 'pending', 'total'] -%}
            {%- do m.append((row ~ '_' ~ col, 'disputes.' ~ row ~ '.' ~ col, 'disputes')) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for row in ['licensing', 'penalty', 'coercion'] -%}
        {%- do m.append((row ~ '_decisions', 'proactive.' ~ row ~ '.decisions', 'proactive_both')) -%}
    {%- endfor -%}
    {%- for row in ['rules', 'normative_docs'] -%}
        {%- for col in ['issued', 'repealed', 'in_force'] -%}
            {%- do m.append((row ~ '_' ~ col, 'proactive.' ~ row ~ '.' ~ col, 'proactive_2021')) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do m.append(('fees_amount_wan_yuan', 'proactive.fees.amount_wan_yuan', 'proactive_2021')) -%}
    {%- for row in ['rules', 'normative_docs'] -%}
        {%- for col in ['new_made', 'new_published', 'total_published'] -%}
            {%- do m.append((row ~ '_' ~ col, 'proactive.' ~ row ~ '.' ~ col, 'proactive_2019')) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do m.append(('procurement_items', 'proactive.procurement.items', 'proactive_2019')) -%}
    {%- do m.append(('procurement_amount', 'proactive.procurement.amount', 'proactive_2019')) -%}
    {{- return(m) -}}
{%- endmacro %}

{#- Sums computed from cells (groups of outcome rows): a sum is null when any addend is blank. -#}
{% macro summed_metrics() -%}
    {{- return([
        ('denied_total', ['deny_state_secret', 'deny_law_forbidden', 'deny_security_stability', 'deny_third_party',
                          'deny_internal_affairs', 'deny_process_info', 'deny_enforcement_file', 'deny_admin_query']),
        ('unable_total', ['unable_not_held', 'unable_needs_creation', 'unable_unclear']),
        ('not_processed_total', ['np_petition', 'np_duplicate', 'np_publication', 'np_mass_repeat', 'np_confirm_reissue']),
    ]) -}}
{%- endmacro %}

{#- The rates: (name, numerator expression, denominator expression); NULL when the denominator is
    0 or blank, or the numerator blank. -#}
{% macro rate_metrics() -%}
    {{- return([
        ('disclosure_rate', 'granted + partial', 'result_total'),
        ('denial_rate', 'denied_total', 'result_total'),
        ('not_held_rate', 'unable_not_held', 'result_total'),
        ('carry_over_rate', 'carried_over', 'new_received + carried_in'),
        ('review_correction_rate', 'review_corrected', 'review_total - review_pending'),
        ('litigation_correction_rate', 'litigation_direct_corrected + litigation_after_review_corrected',
            '(litigation_direct_total - litigation_direct_pending) + (litigation_after_review_total - litigation_after_review_pending)'),
    ]) -}}
{%- endmacro %}

{% macro sum_if_all_present(columns) -%}
    case when {% for c in columns %}{{ c }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
        then {% for c in columns %}{{ c }}{% if not loop.last %} + {% endif %}{% endfor %} end
{%- endmacro %}

{% macro safe_rate(numerator, denominator) -%}
    cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0)
{%- endmacro %}
