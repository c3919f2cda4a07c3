-- 报告维表: one row per report file the warehouse has seen (report_id = sha256 of its bytes),
-- rejected files included, so "which file?" is one join from quality_findings or
-- fct_report_cells and a reviewer can hand an agency its own file name. The same bytes found at
-- several paths are one report: file_path is the first path they were found at, path_count how
-- many paths hold them. A report whose file left the folder stays, is_withdrawn (已撤回).
with files as (
    select
        report_id,
        count(*) as path_count,
        string_agg(file_path, '; ' order by file_path) as all_paths
    from {{ ref('stg_files') }}
    group by report_id
),

formats as (
    select file_path, file_format from {{ ref('stg_files') }}
),

cells as (
    select report_id, count(*) as cell_count, count(value) as nonblank_cell_count
    from {{ ref('stg_cells') }}
    group by report_id
),

findings as (
    select
        report_id,
        count(*) filter (where outcome = 'violation') as finding_count,
        count(*) filter (where outcome = 'violation' and severity = 'error') as error_count,
        count(*) filter (where outcome = 'cannot_check') as cannot_check_count
    from {{ ref('quality_findings') }}
    group by report_id
),

corrections as (
    select report_id, count(*) as correction_count
    from {{ ref('int_cell_corrections') }}
    where is_applied
    group by report_id
)

select
    r.report_id,
    regexp_extract(r.source_path, '[^/]+$') as file_name,
    r.source_path as file_path,
    coalesce(f.path_count, 0) as path_count,
    f.all_paths,
    r.report_id as sha256,
    coalesce(fm.file_format, lower(regexp_extract(r.source_path, '\.([A-Za-z0-9]+)$', 1))) as source_kind,
    r.status,
    r.rejection_reason,
    a.agency_id,
    r.agency_name,
    a.region_id,
    r.report_year,
    r.template_version,
    r.published_on,
    r.index_no,
    coalesce(c.cell_count, 0) as cell_count,
    coalesce(c.nonblank_cell_count, 0) as nonblank_cell_count,
    coalesce(q.finding_count, 0) as finding_count,
    coalesce(q.error_count, 0) as error_count,
    coalesce(q.cannot_check_count, 0) as cannot_check_count,
    coalesce(a.is_primary, false) as is_primary,
    a.chosen_by,
    r.extractor_version,
    r.first_seen_at,
    r.withdrawn_at is not null as is_withdrawn,
    r.withdrawn_at,
    coalesce(cc.correction_count, 0) as correction_count
from {{ ref('stg_reports') }} r
left join files f using (report_id)
left join formats fm on fm.file_path = r.source_path
left join cells c using (report_id)
left join findings q using (report_id)
left join {{ ref('int_agency_reports') }} a using (report_id)
left join corrections cc using (report_id)
