-- 正文相似: pairs of reports whose prose sketches overlap (each pair once); renames and casts only.
select
    cast(report_id as varchar) as report_id,
    cast(other_report_id as varchar) as other_report_id,
    cast(similarity as double) as similarity,
    cast(threshold as double) as threshold
from {{ source('raw', 'narrative_pairs') }}
