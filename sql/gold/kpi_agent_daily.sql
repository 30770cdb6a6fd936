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

-- one row per thing an agent did on a date, carrying only its own measures (0 for the other counts, null for the
-- other sums and medians; a union is by position, so every branch names all its columns, in one order), so a single
-- aggregation sums the day: the calls answered, the session segments, the rings left unanswered, the tickets
-- solved, the ratings received and the outbound calls. An agent with any of them has a row.
activities as (
    select
        date_local, agent_id,
        1 as calls_answered,
        if(is_completed, 1, 0) as calls_completed,
        case when is_completed then talk_s end as talk_s,
        if(is_transfer, 1, 0) as transfers,
        if(repeated_calls.callid is not null, 1, 0) as repeat_contacts,
        0 as ring_no_answer, null as logged_in_s, null as paused_s, null as acw_s, 0 as tickets_solved,
        null as reply_time_min, null as full_resolution_time_min, 0 as reopened_tickets, 0 as csat_good,
        0 as csat_bad, 0 as outbound_calls, null as outbound_talk_s
    from answered_calls
    left join repeated_calls using (callid, queue)
    union all
    select
        date_local, agent_id,
        0 as calls_answered, 0 as calls_completed, null as talk_s, 0 as transfers, 0 as repeat_contacts,
        0 as ring_no_answer,
        case when segment = 'logged_in' then seconds end as logged_in_s,
        case when segment = 'paused' then seconds end as paused_s,
        case when segment = 'paused' and is_acw then seconds end as acw_s,
        0 as tickets_solved, null as reply_time_min, null as full_resolution_time_min, 0 as reopened_tickets,
        0 as csat_good, 0 as csat_bad, 0 as outbound_calls, null as outbound_talk_s
    from sessions
    union all
    select
        date_local, agent_id,
        0 as calls_answered, 0 as calls_completed, null as talk_s, 0 as transfers, 0 as repeat_contacts,
        1 as ring_no_answer,
        null as logged_in_s, null as paused_s, null as acw_s, 0 as tickets_solved, null as reply_time_min,
        null as full_resolution_time_min, 0 as reopened_tickets, 0 as csat_good, 0 as csat_bad, 0 as outbound_calls,
        null as outbound_talk_s
    from ring_no_answers
    union all
    select
        date_local, agent_id,
        0 as calls_answered, 0 as calls_completed, null as talk_s, 0 as transfers, 0 as repeat_contacts,
        0 as ring_no_answer, null as logged_in_s, null as paused_s, null as acw_s,
        1 as tickets_solved,
        reply_time_min,
        full_resolution_time_min,
        if(reopens > 0, 1, 0) as reopened_tickets,
        0 as csat_good, 0 as csat_bad, 0 as outbound_calls, null as outbound_talk_s
    from solved_tickets
    union all
    select
        date_local, agent_id,
        0 as calls_answered, 0 as calls_completed, null as talk_s, 0 as transfers, 0 as repeat_contacts,
        0 as ring_no_answer, null as logged_in_s, null as paused_s, null as acw_s, 0 as tickets_solved,
        null as reply_time_min, null as full_resolution_time_min, 0 as reopened_tickets,
        if(score = 'good', 1, 0) as csat_good,
        if(score = 'bad', 1, 0) as csat_bad,
        0 as outbound_calls, null as outbound_talk_s
    from ratings
    union all
    select
        date_local, agent_id,
        0 as calls_answered, 0 as calls_completed, null as talk_s, 0 as transfers, 0 as repeat_contacts,
        0 as ring_no_answer, null as logged_in_s, null as paused_s, null as acw_s, 0 as tickets_solved,
        null as reply_time_min, null as full_resolution_time_min, 0 as reopened_tickets, 0 as csat_good,
        0 as csat_bad,
        if(is_answered, 1, 0) as outbound_calls,
        case when is_answered then billsec end as outbound_talk_s
    from outbound_calls
),

day_totals as (
    select
        date_local,
        agent_id,
        sum(calls_answered) as calls_answered,
        sum(calls_completed) as calls_completed,
        coalesce(sum(talk_s), 0) as talk_s,
        sum(transfers) as transfers,
        sum(ring_no_answer) as ring_no_answer,
        coalesce(sum(logged_in_s), 0) as logged_in_s,
        coalesce(sum(paused_s), 0) as paused_s,
        coalesce(sum(acw_s), 0) as acw_s,
        sum(repeat_contacts) as repeat_contacts,
        sum(tickets_solved) as tickets_solved,
        percentile(reply_time_min, 0.5) as first_reply_min_median,
        percentile(full_resolution_time_min, 0.5) as full_resolution_min_median,
        sum(reopened_tickets) as reopened_tickets,
        sum(csat_good) as csat_good,
        sum(csat_bad) as csat_bad,
        sum(outbound_calls) as outbound_calls,
        coalesce(sum(outbound_talk_s), 0) as outbound_talk_s
    from activities
    group by date_local, agent_id
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
