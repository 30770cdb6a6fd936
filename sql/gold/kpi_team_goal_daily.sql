-- gold.kpi_team_goal_daily: the team's day against its goals. Key: (date_local, team_id, kpi); a row for each KPI
-- of the team's day (gold.kpi_team_daily) a goal applies to. The rules of gold.kpi_agent_goal_daily, with the
-- team's own goal before the organisation's (README, Goals), and the team's working days (its rows in
-- kpi_team_daily with at least one active agent; a day with only ratings received or unanswered rings is not one)
-- for the judgement, the streak and the previous 7 days. A count (calls_answered, tickets_solved) is the team's
-- total per active agent (agents_active), so a team's goal of 31 calls means 31 for each agent and for the team.
with team_days as (
    select * from gold.kpi_team_daily
    where date_local between date_sub(${indicate.first_date}, ${indicate.goal_lookback_days}) and ${indicate.last_date}
        and agents_active > 0
),

goals as (
    select * from silver.dim_goal
),

kpi_values as (
    select date_local, team_id, team_name, kpi, value
    from team_days
    lateral view stack(6,
        'aht_s', cast(aht_s as double),
        'occupancy_pct', cast(occupancy_pct as double),
        'csat_pct', cast(csat_pct as double),
        -- counts per active agent: a goal on a count means the same for an agent and for their team's day
        'tickets_solved', cast(tickets_solved as double) / nullif(agents_active, 0),
        'calls_answered', cast(calls_answered as double) / nullif(agents_active, 0),
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
            partition by kpi_values.date_local, kpi_values.team_id, kpi_values.kpi
            order by case goals.scope when 'team' then 1 else 2 end, goals.valid_from desc
        ) as goal_rank
    from kpi_values
    join goals
        on goals.kpi = kpi_values.kpi
        and goals.valid_from <= kpi_values.date_local
        and ((goals.scope = 'team' and goals.scope_id = kpi_values.team_id) or goals.scope = 'organisation')
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
        target_days.team_id,
        target_days.kpi,
        earlier.date_local as earlier_date,
        max(case when not earlier.met then earlier.date_local end) over (
            partition by target_days.date_local, target_days.team_id, target_days.kpi
        ) as last_missed
    from target_days
    join judged_days as earlier
        on earlier.team_id = target_days.team_id
        and earlier.kpi = target_days.kpi
        and earlier.date_local between date_sub(target_days.date_local, ${indicate.goal_lookback_days}) and target_days.date_local
        and earlier.met is not null
),

streaks as (
    select date_local, team_id, kpi, count_if(last_missed is null or earlier_date > last_missed) as streak_days
    from measured_history
    group by date_local, team_id, kpi
),

previous_days as (
    select
        target_days.date_local,
        target_days.team_id,
        target_days.kpi,
        earlier.value,
        row_number() over (
            partition by target_days.date_local, target_days.team_id, target_days.kpi
            order by earlier.date_local desc
        ) as recency
    from target_days
    join kpi_values as earlier
        on earlier.team_id = target_days.team_id
        and earlier.kpi = target_days.kpi
        and earlier.date_local < target_days.date_local
        and earlier.date_local >= date_sub(target_days.date_local, ${indicate.goal_lookback_days})
),

previous_7 as (
    select date_local, team_id, kpi, avg(value) as previous_7_avg
    from previous_days
    where recency <= 7
    group by date_local, team_id, kpi
)

select
    target_days.date_local,
    target_days.team_id,
    target_days.kpi,
    target_days.team_name,
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
left join streaks using (date_local, team_id, kpi)
left join previous_7 using (date_local, team_id, kpi)
