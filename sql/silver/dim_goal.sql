-- silver.dim_goal: the goals file as SCD type 2. Key: (scope, scope_id, kpi, valid_from); scope_id is '' for the
-- organisation. Each goal holds from its valid_from until the next row of the same (scope, scope_id, kpi)
-- (valid_to, exclusive); the latest delivery of the same valid_from wins, so a corrected file replaces that row
-- and a changed goal, with a later valid_from, leaves the days before it as they were.
with goals as (
    select * from bronze.goals
),

latest_delivery as (
    select
        *,
        row_number() over (
            partition by scope, coalesce(scope_id, ''), kpi, to_date(valid_from)
            order by _ingested_at desc, _source_file desc, _source_line desc
        ) as delivery_rank
    from goals
),

versions as (
    select
        lower(scope) as scope,
        coalesce(scope_id, '') as scope_id,
        kpi,
        lower(direction) as direction,
        cast(value as double) as goal_value,
        set_by,
        to_date(valid_from) as valid_from
    from latest_delivery
    where delivery_rank = 1
)

select
    *,
    lead(valid_from) over (partition by scope, scope_id, kpi order by valid_from) as valid_to
from versions
