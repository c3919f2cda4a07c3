-- 内容雷同: S-04 findings in the columns of raw.quality_findings, one per report and comparison
-- whose prose similarity reaches the threshold. Severity and wording come from the seed
-- rule_catalog (generated from expectations/catalog.py); the message names the other report:
-- `S-04 正文与鄂托克旗教育局2023年报告（otog-jyj_2023.txt）雷同：正文相似度=0.93，判定阈值=0.60`.
with rules as (
    select * from {{ ref('rule_catalog') }} where rule_id = 'S-04'
)

select
    p.report_id,
    r.rule_id,
    r.severity,
    'violation' as outcome,
    'narrative.' || p.relation || '.' || p.other_report_id as location,
    'report.narrative' as cells,
    p.similarity as expected,
    p.threshold as printed,
    cast(null as date) as expected_date,
    cast(null as date) as printed_date,
    r.rule_id || ' 正文与'
        || case when p.relation = 'previous_year' then '本机关上年（' || p.other_year || '年）报告'
            else coalesce(p.other_agency, '其他机关') || p.other_year || '年报告' end
        || '（' || coalesce(p.other_path, p.other_report_id) || '）雷同：'
        || r.expected_zh || '=' || printf('%.2f', p.similarity) || '，'
        || r.printed_zh || '=' || printf('%.2f', p.threshold) as message_zh,
    r.rule_id || ' prose resembles '
        || case when p.relation = 'previous_year' then 'the agency''s own report of '
            else coalesce(p.other_agency, 'another agency') || '''s report of ' end
        || p.other_year || ' (' || coalesce(p.other_path, p.other_report_id) || '): similarity '
        || printf('%.2f', p.similarity) || ' ≥ ' || printf('%.2f', p.threshold) as message_en
from {{ ref('int_copy_pairs') }} p
cross join rules r
where p.similarity >= p.threshold
