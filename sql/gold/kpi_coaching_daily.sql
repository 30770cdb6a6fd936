-- gold.kpi_coaching_daily: the lead's coaching list. Key: (date_local, agent_id, kpi); a row for each goal of an
-- agent's day (gold.kpi_agent_goal_daily) that the agent missed repeatedly or whose trend turned, ranked per team and
-- date so that priority 1 is the first conversation to have. Rules in the README (Coaching list):
-- judged days: the agent's days of the KPI with a met of true or false, within the ${indicate.coaching_window_days}
-- local days up to the date; recent days: the latest ${indicate.coaching_recent_days} of them.
-- missed_repeatedly: at least ${indicate.coaching_min_misses} of the recent days missed.
-- trend_turned: the day and the judged day before it missed, while previous_7_avg (the agent's 7 working days before
-- the day, which include that first miss) still meets the day's goal.
-- gap: how far the day's value is short of its goal in the KPI's unit (negative: beyond it); gap_pct: gap as a
-- percentage of the goal. The day's previous_7_avg looks back like the goals mart, so a build of a date rebuilds this
-- mart's later dates too (Build: a model reading a looking-back model looks back).
with goal_days as (
    select * from gold.kpi_agent_goal_daily
    where date_local between date_sub(${indicate.first_date}, ${indicate.coaching_window_days} - 1) and ${indicate.last_date}
),

target_days as (
    select * from goal_days
    where date_local in (${indicate.dates})
),

judged_before as (
    select
        target_days.date_local,
        target_days.agent_id,
        target_days.kpi,
        judged.met,
        row_number() over (
            partition by target_days.date_local, target_days.agent_id, target_days.kpi
            order by judged.date_local desc
        ) as recency
    from target_days
    join goal_days as judged
        on judged.agent_id = target_days.agent_id
        and judged.kpi = target_days.kpi
        and judged.date_local between date_sub(target_days.date_local, ${indicate.coaching_window_days} - 1) and target_days.date_local
        and judged.met is not null
),

recent as (
    select
        date_local,
        agent_id,
        kpi,
        count_if(recency <= ${indicate.coaching_recent_days}) as days_judged,
        count_if(recency <= ${indicate.coaching_recent_days} and not met) as days_missed,
        -- the latest two judged days: the day itself when judged, and the one before it
        max(case when recency = 1 then met end) as latest_met,
        max(case when recency = 2 then met end) as before_met
    from judged_before
    group by date_local, agent_id, kpi
),

flagged as (
    select
        target_days.*,
        coalesce(recent.days_judged, 0) as days_judged,
        coalesce(recent.days_missed, 0) as days_missed,
        coalesce(recent.days_missed, 0) >= ${indicate.coaching_min_misses} as missed_repeatedly,
        coalesce(
            target_days.met = false
            and recent.before_met = false
            and case
                when target_days.direction = 'higher' then target_days.previous_7_avg >= target_days.goal_value
                else target_days.previous_7_avg <= target_days.goal_value
            end,
            false) as trend_turned,
        case
            when target_days.direction = 'higher' then target_days.goal_value - target_days.value
            else target_days.value - target_days.goal_value
        end as gap
    from target_days
    left join recent using (date_local, agent_id, kpi)
)

select
    date_local,
    agent_id,
    kpi,
    team_id,
    agent_login,
    value,
    goal_value,
    direction,
    days_judged,
    days_missed,
    missed_repeatedly,
    trend_turned,
    case when missed_repeatedly then 'missed_repeatedly' else 'trend_turned' end as reason,
    gap,
    case when goal_value <> 0 then 100 * gap / abs(goal_value) end as gap_pct,
    previous_7_avg,
    cast(row_number() over (
        partition by date_local, team_id
        order by missed_repeatedly desc, days_missed desc, 100 * gap / nullif(abs(goal_value), 0) desc nulls last,
            trend_turned desc, agent_login, kpi
    ) as int) as priority,
    ${indicate.refreshed_at} as _refreshed_at
from flagged
where missed_repeatedly or trend_turned
