-- Every cell, plus the requests 总计 column derived where the report prints none.
-- A report "prints no 总计 column" when none of its requests cells in column `total` has printed
-- text. Then, per row, total = the sum of the six applicant columns (自然人 … 其他) when all six
-- are present (non-null); a row with any blank addend keeps no total — never guessed.
-- Derived cells carry is_derived = true, value_text null and a source_location saying so.
{% set applicants = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org'] %}

with cells as (
    select * from {{ ref('stg_cells') }}
),

printed_total as (
    select distinct report_id
    from cells
    where table_name = 'requests' and col_key = 'total' and coalesce(trim(value_text), '') <> ''
),

derived as (
    select
        report_id,
        'requests' as table_name,
        row_key,
        'total' as col_key,
        'requests.' || row_key || '.total' as cell_key,
        cast(sum(value) as decimal(18, 4)) as value,
        cast(null as varchar) as value_text,
        'derived: sum of the six applicant columns' as source_location,
        true as is_derived
    from cells
    where table_name = 'requests'
        and col_key in ({% for a in applicants %}'{{ a }}'{% if not loop.last %}, {% endif %}{% endfor %})
        and report_id not in (select report_id from printed_total)
    group by report_id, row_key
    having count(value) = {{ applicants | length }}
)

select c.*, false as is_derived
from cells c
where not exists (
    select 1 from derived d
    where d.report_id = c.report_id and d.cell_key = c.cell_key
)
union all
select * from derived
