-- 文件清单: one row per inventoried file; renames and casts only.
select
    cast(path as varchar) as file_path,
    cast(report_id as varchar) as report_id,
    cast(size_bytes as bigint) as size_bytes,
    cast(format as varchar) as file_format
from {{ source('raw', 'files') }}
