-- gold.kpi_org_daily: the organisation's day: every agent (also those no roster row explains) and every
-- queue. Key: date_local. Ratios recomputed from the sums, never averaged; the ticket medians are taken
-- over all the day's solved tickets with an assignee.
with agent_days as (
    select * from gold.kpi_agent_daily
    where date_local in (${indicate.dates})
),

solved_tickets as (
    select * from silver.fact_ticket
    where date_local in (${indicate.dates}) and is_solved
),

ticket_medians as (
    select
        date_local,
        percentile(reply_time_min, 0.5) as first_reply_min_median,
        percentile(full_resolution_time_min, 0.5) as full_resolution_min_median
    from solved_tickets
    group by date_local
),

queue_days as (
    select * from gold.kpi_queue_daily
    where date_local in (${indicate.dates})
),

agent_totals as (
    select
        date_local,
        count_if(is_active) as agents_active,
        count(distinct case when is_active then team_id end) as teams_active,
        sum(calls_answered) as calls_answered,
        sum(calls_completed) as calls_completed,
        sum(talk_s) as talk_s,
        sum(transfers) as transfers,
        sum(ring_no_answer) as ring_no_answer,
        sum(logged_in_s) as logged_in_s,
        sum(paused_s) as paused_s,
        sum(acw_s) as acw_s,
        sum(repeat_contacts) as repeat_contacts,
        sum(tickets_solved) as tickets_solved,
        sum(reopened_tickets) as reopened_tickets,
        sum(csat_good) as csat_good,
        sum(csat_bad) as csat_bad,
        sum(outbound_calls) as outbound_calls,
        sum(outbound_talk_s) as outbound_talk_s
    from agent_days
    group by date_local
),

queue_totals as (
    select
        date_local,
        sum(offered) as offered,
        sum(answered) as answered,
        sum(answered_within_sl) as answered_within_sl,
        sum(abandoned) as abandoned,
        sum(short_abandoned) as short_abandoned,
        sum(timed_out) as timed_out,
        sum(answered_wait_s) as answered_wait_s,
        max(max_wait_s) as max_wait_s
    from queue_days
    group by date_local
),

org_totals as (
    select
        date_local,
        coalesce(a.agents_active, 0) as agents_active,
        coalesce(a.teams_active, 0) as teams_active,
        coalesce(a.calls_answered, 0) as calls_answered,
        coalesce(a.calls_completed, 0) as calls_completed,
        coalesce(a.talk_s, 0) as talk_s,
        coalesce(a.transfers, 0) as transfers,
        coalesce(a.ring_no_answer, 0) as ring_no_answer,
        coalesce(a.logged_in_s, 0) as logged_in_s,
        coalesce(a.paused_s, 0) as paused_s,
        coalesce(a.acw_s, 0) as acw_s,
        coalesce(a.repeat_contacts, 0) as repeat_contacts,
        coalesce(a.tickets_solved, 0) as tickets_solved,
        coalesce(a.reopened_tickets, 0) as reopened_tickets,
        coalesce(a.csat_good, 0) as csat_good,
        coalesce(a.csat_bad, 0) as csat_bad,
        coalesce(a.outbound_calls, 0) as outbound_calls,
        coalesce(a.outbound_talk_s, 0) as outbound_talk_s,
        coalesce(q.offered, 0) as offered,
        coalesce(q.answered, 0) as answered,
        coalesce(q.answered_within_sl, 0) as answered_within_sl,
        coalesce(q.abandoned, 0) as abandoned,
        coalesce(q.short_abandoned, 0) as short_abandoned,
        coalesce(q.timed_out, 0) as timed_out,
        coalesce(q.answered_wait_s, 0) as answered_wait_s,
        q.max_wait_s
    from agent_totals a
    full outer join queue_totals q using (date_local)
)

select
    *,
    ${kpi_columns},
    ${indicate.refreshed_at} as _refreshed_at
from org_totals
left join ticket_medians using (date_local)
