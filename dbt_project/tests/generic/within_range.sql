{% test within_range(model, column_name, min_value, max_value) %}
-- 取值范围: rows whose value lies outside [min_value, max_value] (nulls pass).
select *
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
