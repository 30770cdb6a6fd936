-- silver.dim_goal: the goals file as SCD type 2. Key: (scope, scope_id, kpi, valid_from); scope_id is '' for the
-- organisation. Each goal holds from its valid_from until the next row of the same (scope, scope_id, kpi)
-- (valid_to, exclusive); stg_goals keeps the latest delivery of the same valid_from, so a corrected file replaces that row
-- and a changed goal, with a later valid_from, leaves the days before it as they were.
with versions as (
    select * from stg_goals
)

select
    *,
    lead(valid_from) over (partition by scope, scope_id, kpi order by valid_from) as valid_to
from versions
