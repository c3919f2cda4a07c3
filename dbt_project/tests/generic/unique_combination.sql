{#- The columns together identify a row (no dbt_utils: the project installs no packages).
    Grouping 20 million rows by long text keys (a national year's cells: sha256 report ids) is
    the slowest test of a run, so rows are first grouped by one 64-bit hash of the key; only keys
    whose hash repeats (every duplicate, and a rare collision) are grouped by the columns
    themselves. The failing rows are exactly the duplicated keys, as a plain group-by gives. -#}
{% test unique_combination(model, columns) %}
with repeated_hashes as (
    select hash({{ columns | join(', ') }}) as key_hash
    from {{ model }}
    group by 1
    having count(*) > 1
)
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
where hash({{ columns | join(', ') }}) in (select key_hash from repeated_hashes)
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
