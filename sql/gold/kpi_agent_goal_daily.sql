-- gold.kpi_agent_goal_daily: the agent's day against their goals. Key: (date_local, agent_id, kpi); a row for each
-- KPI of the agent's working day (gold.kpi_agent_daily, is_active) a goal applies to. Rules in the README (Goals):
-- the goal that applies is the agent's own personal goal (set_by is their login that day), else their team's that
-- day, else the organisation's; within a scope the newest valid_from on or before the date.
-- met: the value reaches the goal in its direction (null when the value is null).
-- streak_days: the agent's consecutive days met up to this date, counting only days with a met of true or false
-- (a day not worked, without a value or without a goal neither extends nor breaks it), within
-- ${indicate.goal_lookback_days} days before the date. previous_7_avg: the mean value of the agent's 7 latest working
-- days (rows of kpi_agent_daily with is_active) before the date, within the same look-back;
-- change_vs_previous_7 = value - previous_7_avg.
with agent_days as (
    select * from gold.kpi_agent_daily
    where date_local between date_sub(${indicate.first_date}, ${indicate.goal_lookback_days}) and ${indicate.last_date}
        and is_active
),

goals as (
    select * from silver.dim_goal
),

kpi_values as (
    select date_local, agent_id, agent_login, team_id, kpi, value
    from agent_days
    lateral view stack(6,
        'aht_s', cast(aht_s as double),
        'occupancy_pct', cast(occupancy_pct as double),
        'csat_pct', cast(csat_pct as double),
        'tickets_solved', cast(tickets_solved as double),
        'calls_answered', cast(calls_answered as double),
        'repeat_contact_rate_pct', cast(repeat_contact_rate_pct as double)
    ) kpis as kpi, value
),

candidate_goals as (
    select
        kpi_values.*,
        goals.goal_value,
        goals.direction,
        goals.scope as goal_scope,
        goals.set_by as goal_set_by,
        goals.valid_from as goal_valid_from,
        row_number() over (
            partition by kpi_values.date_local, kpi_values.agent_id, kpi_values.kpi
            order by case goals.scope when 'agent' then 1 when 'team' then 2 else 3 end, goals.valid_from desc
        ) as goal_rank
    from kpi_values
    join goals
        on goals.kpi = kpi_values.kpi
        and goals.valid_from <= kpi_values.date_local
        and (
            (goals.scope = 'agent' and goals.scope_id = kpi_values.agent_id and goals.set_by = kpi_values.agent_login)
            or (goals.scope = 'team' and goals.scope_id = kpi_values.team_id)
            or goals.scope = 'organisation'
        )
),

judged_days as (
    select
        *,
        case
            when value is null then null
            when direction = 'higher' then value >= goal_value
            else value <= goal_value
        end as met
    from candidate_goals
    where goal_rank = 1
),

target_days as (
    select * from judged_days
    where date_local in (${indicate.dates})
),

measured_history as (
    select
        target_days.date_local,
        target_days.agent_id,
        target_days.kpi,
        earlier.date_local as earlier_date,
        max(case when not earlier.met then earlier.date_local end) over (
            partition by target_days.date_local, target_days.agent_id, target_days.kpi
        ) as last_missed
    from target_days
    join judged_days as earlier
        on earlier.agent_id = target_days.agent_id
        and earlier.kpi = target_days.kpi
        and earlier.date_local between date_sub(target_days.date_local, ${indicate.goal_lookback_days}) and target_days.date_local
        and earlier.met is not null
),

streaks as (
    select date_local, agent_id, kpi, count_if(last_missed is null or earlier_date > last_missed) as streak_days
    from measured_history
    group by date_local, agent_id, kpi
),

previous_days as (
    select
        target_days.date_local,
        target_days.agent_id,
        target_days.kpi,
        earlier.value,
        row_number() over (
            partition by target_days.date_local, target_days.agent_id, target_days.kpi
            order by earlier.date_local desc
        ) as recency
    from target_days
    join kpi_values as earlier
        on earlier.agent_id = target_days.agent_id
        and earlier.kpi = target_days.kpi
        and earlier.date_local < target_days.date_local
        and earlier.date_local >= date_sub(target_days.date_local, ${indicate.goal_lookback_days})
),

previous_7 as (
    select date_local, agent_id, kpi, avg(value) as previous_7_avg
    from previous_days
    where recency <= 7
    group by date_local, agent_id, kpi
)

select
    target_days.date_local,
    target_days.agent_id,
    target_days.kpi,
    target_days.agent_login,
    target_days.team_id,
    target_days.value,
    target_days.goal_value,
    target_days.direction,
    target_days.goal_scope,
    target_days.goal_set_by,
    target_days.goal_valid_from,
    target_days.met,
    coalesce(streaks.streak_days, 0) as streak_days,
    previous_7.previous_7_avg,
    target_days.value - previous_7.previous_7_avg as change_vs_previous_7,
    ${indicate.refreshed_at} as _refreshed_at
from target_days
left join streaks using (date_local, agent_id, kpi)
left join previous_7 using (date_local, agent_id, kpi)
