-- stg_goals: the goals file's rows as versions of a goal, typed. Grain: (scope, scope_id, kpi, valid_from); scope_id
-- is '' for the organisation. The latest delivery of the same valid_from wins, so a corrected file replaces that row;
-- the goals CSV is all text, so the value becomes a number and valid_from a date here.
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
)

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
