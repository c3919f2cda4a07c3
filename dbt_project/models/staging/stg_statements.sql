-- 正文数字陈述: one row per count the report's prose states; renames and casts only.
select
    cast(report_id as varchar) as report_id,
    cast(seq as integer) as statement_seq,
    cast(number as bigint) as stated_number,
    cast(quantity as varchar) as quantity,
    cast(cells as varchar) as cells,
    cast(clause as varchar) as clause,
    cast(source_location as varchar) as source_location
from {{ source('raw', 'statements') }}
