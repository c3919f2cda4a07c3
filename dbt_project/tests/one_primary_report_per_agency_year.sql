-- Each agency-year with a report has exactly one primary report (the one mart_agency_year reads).
select agency_id, report_year, count(*) filter (where is_primary) as primaries
from {{ ref('int_agency_reports') }}
where agency_id is not null and report_year is not null
group by agency_id, report_year
having count(*) filter (where is_primary) <> 1
