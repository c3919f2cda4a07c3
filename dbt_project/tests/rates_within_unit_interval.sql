-- Every rate of a report whose numbers pass all checks lies in [0, 1]. Rows with findings are left
-- out: a publisher's arithmetic error is reported as a finding, not hidden by this test.
{{ config(severity='warn') }}
{%- for name, num, den in rate_metrics() %}
select agency_id, report_year, '{{ name }}' as rate, {{ name }} as value
from {{ ref('mart_agency_year') }}
where quality_status = 'passes' and ({{ name }} < 0 or {{ name }} > 1)
{% if not loop.last %}union all{% endif %}
{%- endfor %}
