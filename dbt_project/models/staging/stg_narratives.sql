-- 正文: per ok report, how much prose it has and whether S-04 judges it; renames and casts only.
select
    cast(report_id as varchar) as report_id,
    cast(sentences as integer) as prose_sentences,
    cast(comparable_chars as integer) as comparable_chars,
    cast(shingles as integer) as shingles,
    cast(judged as boolean) as copy_judged
from {{ source('raw', 'narratives') }}
