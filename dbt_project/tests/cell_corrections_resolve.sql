-- Every hand correction (seed cell_corrections) applies: it names one report the warehouse holds
-- (report_id, or agency + report_year), that report was read, the cell is in its template, and
-- the reason, author and date are given. Each failing row is a correction row with its problem;
-- stored in the audit schema (store_failures), so `dbt test` points at the table to read.
{{ config(store_failures=true) }}
select
    given_report_id as report_id,
    given_agency as agency,
    given_year as report_year,
    table_name as "table",
    row_key as "row",
    col_key as col,
    corrected_value,
    reason,
    corrected_by,
    corrected_on,
    problem
from {{ ref('int_cell_corrections') }}
where problem is not null
