-- 报告: one row per distinct report; renames and casts only (blank strings stay as printed).
select
    cast(report_id as varchar) as report_id,
    cast(path as varchar) as source_path,
    cast(status as varchar) as status,
    cast(reason as varchar) as rejection_reason,
    cast(agency as varchar) as agency_name,
    cast(province as varchar) as province,
    cast(city as varchar) as city,
    cast(county as varchar) as county,
    cast(report_year as integer) as report_year,
    cast(template as varchar) as template_version,
    cast(published as date) as published_on,
    cast(index_no as varchar) as index_no,
    cast(sections as varchar) as sections_found,
    cast(cell_count as integer) as cell_count,
    cast(notes as varchar) as extractor_notes,
    cast(extractor_version as varchar) as extractor_version,
    cast(first_seen as timestamp) as first_seen_at,
    cast(withdrawn_at as timestamp) as withdrawn_at
from {{ source('raw', 'reports') }}
