-- 机构沿革: joins name_keys of one agency across a reorganisation that changed its components
-- (工信局 → 工业和信息化科技局). Name a (earlier) links to name b (later) when, in the same
-- region, with the same leftover (局 = 局), a's reports all precede b's, one component set
-- contains the other, and the link is unique both ways (b has no other such predecessor, a no
-- other successor). A merger of two agencies (科技局 + 工信局 → 工业和信息化科技局) is therefore
-- not linked: a person decides it in seed agency_overrides. Reports pinned there are left out.
-- The components that differ must name subject matter, never the kind of body: 人民政府 and
-- 办公室 never change by reorganisation (人民政府 → 人民政府办公室 is another agency).
-- Output: one row per (region_id, name_key) with root_key = the earliest name_key of its chain.
with recursive pinned as (
    select report_id from {{ ref('int_agency_overrides') }}
),

spans as (
    select
        n.region_id, n.name_key,
        any_value(n.leftover) as leftover,
        any_value(n.components) as components,
        min(r.report_year) as first_year,
        max(r.report_year) as last_year
    from {{ ref('stg_reports') }} r
    join {{ ref('int_report_regions') }} rr using (report_id)
    join {{ ref('int_agency_names') }} n
        on n.region_id = rr.region_id and n.agency_name = {{ clean_agency_name('r.agency_name') }}
    where r.report_id not in (select report_id from pinned)
    group by n.region_id, n.name_key
),

candidates as (
    select a.region_id, a.name_key as prev_key, b.name_key as next_key
    from spans a
    join spans b
        on a.region_id = b.region_id
        and a.leftover = b.leftover
        and a.name_key <> b.name_key
        and a.last_year < b.first_year
        and len(a.components) > 0
        and len(b.components) > 0
        and (list_has_all(a.components, b.components) or list_has_all(b.components, a.components))
        and list_contains(a.components, '人民政府') = list_contains(b.components, '人民政府')
        and list_contains(a.components, '办公室') = list_contains(b.components, '办公室')
    where a.region_id <> 'unknown'
),

links as (
    select region_id, prev_key, next_key
    from candidates
    qualify count(*) over (partition by region_id, next_key) = 1
        and count(*) over (partition by region_id, prev_key) = 1
),

walk(region_id, name_key, root_key, depth) as (
    select s.region_id, s.name_key, s.name_key, 0
    from spans s
    where not exists (
        select 1 from links l where l.region_id = s.region_id and l.next_key = s.name_key
    )
    union all
    select l.region_id, l.next_key, w.root_key, w.depth + 1
    from walk w
    join links l on l.region_id = w.region_id and l.prev_key = w.name_key
)

select region_id, name_key, root_key, depth as renames_before
from walk
