-- gold.kpi_agent_daily: the agent's day (telephony, outbound calls and CRM). Key: (date_local, agent_id).
-- Calls count on the local date of their ENTERQUEUE; ring_no_answer and session time on the local date they
-- happened (sessions are split at local midnight). Team as in the roster row valid on that date.
-- An answered call is a repeat contact when its caller (pseudonymised) enters a queue again with another
-- call within repeat_window_days after it; provisional while that window is still open.
-- Tickets count on the local date of solved_at, ratings on that of their created_at, outbound calls on that
-- of their start. An agent with only CRM or outbound activity has a row too.
with answered_calls as (
    select * from silver.fact_queue_call
    where date_local in (${indicate.dates}) and outcome = 'answered'
),

later_calls as (
    select callid, caller_hash, entered_at_utc from silver.fact_queue_call
    where date_local >= date_sub(${indicate.first_date}, 1) and caller_hash is not null
),

solved_tickets as (
    select * from silver.fact_ticket
    where date_local in (${indicate.dates}) and is_solved
),

ratings as (
    select * from silver.fact_csat
    where date_local in (${indicate.dates}) and agent_id is not null
),

outbound_calls as (
    select * from silver.fact_outbound_call
    where date_local in (${indicate.dates})
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

repeated_calls as (
    select distinct answered_calls.callid, answered_calls.queue
    from answered_calls
    join later_calls
        on later_calls.caller_hash = answered_calls.caller_hash
        and later_calls.callid <> answered_calls.callid
        and later_calls.entered_at_utc > answered_calls.entered_at_utc
        and later_calls.entered_at_utc <= answered_calls.entered_at_utc + interval ${indicate.repeat_window_days} days
),

call_totals as (
    select
        date_local,
        agent_id,
        count(*) as calls_answered,
        count_if(is_completed) as calls_completed,
        coalesce(sum(case when is_completed then talk_s end), 0) as talk_s,
        count_if(is_transfer) as transfers,
        count_if(repeated_calls.callid is not null) as repeat_contacts
    from answered_calls
    left join repeated_calls using (callid, queue)
    group by date_local, agent_id
),

ticket_totals as (
    select
        date_local,
        agent_id,
        count(*) as tickets_solved,
        percentile(reply_time_min, 0.5) as first_reply_min_median,
        percentile(full_resolution_time_min, 0.5) as full_resolution_min_median,
        count_if(reopens > 0) as reopened_tickets
    from solved_tickets
    group by date_local, agent_id
),

csat_totals as (
    select
        date_local,
        agent_id,
        count_if(score = 'good') as csat_good,
        count_if(score = 'bad') as csat_bad
    from ratings
    group by date_local, agent_id
),

outbound_totals as (
    select
        date_local,
        agent_id,
        count_if(is_answered) as outbound_calls,
        coalesce(sum(case when is_answered then billsec end), 0) as outbound_talk_s
    from outbound_calls
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
    union
    select date_local, agent_id from ticket_totals
    union
    select date_local, agent_id from csat_totals
    union
    select date_local, agent_id from outbound_totals
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
        coalesce(session_totals.acw_s, 0) as acw_s,
        coalesce(call_totals.repeat_contacts, 0) as repeat_contacts,
        coalesce(ticket_totals.tickets_solved, 0) as tickets_solved,
        ticket_totals.first_reply_min_median,
        ticket_totals.full_resolution_min_median,
        coalesce(ticket_totals.reopened_tickets, 0) as reopened_tickets,
        coalesce(csat_totals.csat_good, 0) as csat_good,
        coalesce(csat_totals.csat_bad, 0) as csat_bad,
        coalesce(outbound_totals.outbound_calls, 0) as outbound_calls,
        coalesce(outbound_totals.outbound_talk_s, 0) as outbound_talk_s
    from agent_days
    left join call_totals using (date_local, agent_id)
    left join session_totals using (date_local, agent_id)
    left join ring_no_answer_totals using (date_local, agent_id)
    left join ticket_totals using (date_local, agent_id)
    left join csat_totals using (date_local, agent_id)
    left join outbound_totals using (date_local, agent_id)
)

select
    day_totals.*,
    -- worked that day: counted in agents_active of the team and the organisation, and the only days the agent's goals
    -- judge. A ring left unanswered or a rating received alone is not work: a customer rates when they choose, often
    -- on a day the agent was off
    day_totals.calls_answered > 0 or day_totals.logged_in_s > 0 or day_totals.tickets_solved > 0
        or day_totals.outbound_calls > 0 as is_active,
    agents.login as agent_login,
    agents.team_id,
    agents.team_name,
    ${kpi_columns:day_totals},
    ${indicate.refreshed_at} as _refreshed_at
from day_totals
left join agents
    on agents.agent_id = day_totals.agent_id
    and day_totals.date_local >= agents.valid_from
    and (agents.valid_to is null or day_totals.date_local < agents.valid_to)
