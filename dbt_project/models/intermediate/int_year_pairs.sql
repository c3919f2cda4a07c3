-- Each primary ok report beside its agency's primary ok report of the year before (year − 1
-- exactly): the base of the cross-year rules Y-01 and Y-02 and of mart_agency_yoy.
with primary_ok as (
    select agency_id, report_year, report_id, template_version
    from {{ ref('int_agency_reports') }}
    where is_primary and status = 'ok'
)

select
    cur.agency_id,
    cur.report_year,
    cur.report_id,
    cur.template_version,
    prev.report_id as prev_report_id,
    prev.template_version as prev_template_version
from primary_ok cur
join primary_ok prev
    on prev.agency_id = cur.agency_id and prev.report_year = cur.report_year - 1
