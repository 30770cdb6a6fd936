-- gold.kpi_team_daily: the team's day, the sum of its agents' days (team as of that date), ratios
-- recomputed from the sums, never averaged. Key: (date_local, team_id). Agents no roster row explains
-- belong to no team; they count in kpi_org_daily. The ticket medians are taken over the team's solved
-- tickets (those of its agents that day), not over its agents' medians.
with agent_days as (
    select * from gold.kpi_agent_daily
    where date_local in (${indicate.dates}) and team_id is not null
),

solved_tickets as (
    select * from silver.fact_ticket
    where date_local in (${indicate.dates}) and is_solved
),

team_tickets as (
    select
        agent_days.date_local,
        agent_days.team_id,
        percentile(solved_tickets.reply_time_min, 0.5) as first_reply_min_median,
        percentile(solved_tickets.full_resolution_time_min, 0.5) as full_resolution_min_median
    from solved_tickets
    join agent_days using (date_local, agent_id)
    group by agent_days.date_local, agent_days.team_id
),

teams as (
    select * from silver.dim_team
),

team_totals as (
    select
        date_local,
        team_id,
        count_if(is_active) as agents_active,
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
    group by date_local, team_id
)

select
    team_totals.*,
    teams.team_name,
    teams.team_lead_login,
    ${kpi_columns:team_totals},
    team_tickets.first_reply_min_median,
    team_tickets.full_resolution_min_median,
    ${indicate.refreshed_at} as _refreshed_at
from team_totals
left join team_tickets using (date_local, team_id)
left join teams
    on teams.team_id = team_totals.team_id
    and team_totals.date_local >= teams.valid_from
    and (teams.valid_to is null or team_totals.date_local < teams.valid_to)
