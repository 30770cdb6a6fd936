-- gold.kpi_agent_daily: the agent's day (telephony). Key: (date_local, agent_id).
-- Calls count on the local date of their ENTERQUEUE; ring_no_answer and session time on the local date they
-- happened (sessions are split at local midnight). Team as in the roster row valid on that date.
with answered_calls as (
    select * from silver.fact_queue_call
    where date_local in (${indicate.dates}) and outcome = 'answered'
),

sessions as (
    select * from silver.fact_agent_session
    where date_local in (${indicate.dates})
),

ring_no_answers as (
    select * from silver.fact_ring_no_answer
    where date_local in (${indicate.dates})
),

agents as (
    select * from silver.dim_agent
),

call_totals as (
    select
        date_local,
        agent_id,
        count(*) as calls_answered,
        count_if(is_completed) as calls_completed,
        coalesce(sum(case when is_completed then talk_s end), 0) as talk_s,
        count_if(is_transfer) as transfers
    from answered_calls
    group by date_local, agent_id
),

session_totals as (
    select
        date_local,
        agent_id,
        coalesce(sum(case when segment = 'logged_in' then seconds end), 0) as logged_in_s,
        coalesce(sum(case when segment = 'paused' then seconds end), 0) as paused_s,
        coalesce(sum(case when segment = 'paused' and is_acw then seconds end), 0) as acw_s
    from sessions
    group by date_local, agent_id
),

ring_no_answer_totals as (
    select date_local, agent_id, count(*) as ring_no_answer
    from ring_no_answers
    group by date_local, agent_id
),

agent_days as (
    select date_local, agent_id from call_totals
    union
    select date_local, agent_id from session_totals
    union
    select date_local, agent_id from ring_no_answer_totals
),

day_totals as (
    select
        agent_days.date_local,
        agent_days.agent_id,
        coalesce(call_totals.calls_answered, 0) as calls_answered,
        coalesce(call_totals.calls_completed, 0) as calls_completed,
        coalesce(call_totals.talk_s, 0) as talk_s,
        coalesce(call_totals.transfers, 0) as transfers,
        coalesce(ring_no_answer_totals.ring_no_answer, 0) as ring_no_answer,
        coalesce(session_totals.logged_in_s, 0) as logged_in_s,
        coalesce(session_totals.paused_s, 0) as paused_s,
        coalesce(session_totals.acw_s, 0) as acw_s
    from agent_days
    left join call_totals using (date_local, agent_id)
    left join session_totals using (date_local, agent_id)
    left join ring_no_answer_totals using (date_local, agent_id)
)

select
    day_totals.*,
    agents.login as agent_login,
    agents.team_id,
    agents.team_name,
    (day_totals.talk_s + day_totals.acw_s) / nullif(day_totals.calls_completed, 0) as aht_s,
    100.0 * (day_totals.talk_s + day_totals.acw_s)
        / nullif(day_totals.logged_in_s - (day_totals.paused_s - day_totals.acw_s), 0) as occupancy_pct,
    ${indicate.refreshed_at} as _refreshed_at
from day_totals
left join agents
    on agents.agent_id = day_totals.agent_id
    and day_totals.date_local >= agents.valid_from
    and (agents.valid_to is null or day_totals.date_local < agents.valid_to)
