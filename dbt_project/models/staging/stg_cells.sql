-- 单元格: one row per statutory cell read; value cast to DECIMAL(18,4) (fees are 万元 decimals).
select
    cast(report_id as varchar) as report_id,
    cast(table_name as varchar) as table_name,
    cast(row_key as varchar) as row_key,
    cast(col_key as varchar) as col_key,
    table_name || '.' || row_key || '.' || col_key as cell_key,
    cast(value as decimal(18, 4)) as value,
    cast(value_text as varchar) as value_text,
    cast(source_location as varchar) as source_location,
    cast(how as varchar) as how,
    cast(confidence as double) as confidence
from {{ source('raw', 'cells') }}
