-- Every cell key landed is a statutory cell of one of the two template versions (seed
-- template_cells = extract/cells.csv): the extractor may print the other version's row, never an
-- invented key.
select c.report_id, c.cell_key
from {{ ref('stg_cells') }} c
left join {{ ref('template_cells') }} t
    on t."table" = c.table_name and t."row" = c.row_key and t.col = c.col_key
where t.template is null
