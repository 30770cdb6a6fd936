-- gold.kpi_team_daily: the team's day, the sum of its agents' days (team as of that date), ratios
-- recomputed from the sums, never averaged. Key: (date_local, team_id). Agents no roster row explains
-- belong to no team; they count in kpi_org_daily.
with agent_days as (
    select * from gold.kpi_agent_daily
    where date_local in (${indicate.dates}) and team_id is not null
),

teams as (
    select * from silver.dim_team
),

team_totals as (
    select
        date_local,
        team_id,
        count_if(calls_answered > 0 or logged_in_s > 0) as agents_active,
        sum(calls_answered) as calls_answered,
        sum(calls_completed) as calls_completed,
        sum(talk_s) as talk_s,
        sum(transfers) as transfers,
        sum(ring_no_answer) as ring_no_answer,
        sum(logged_in_s) as logged_in_s,
        sum(paused_s) as paused_s,
        sum(acw_s) as acw_s
    from agent_days
    group by date_local, team_id
)

select
    team_totals.*,
    teams.team_name,
    teams.team_lead_login,
    (team_totals.talk_s + team_totals.acw_s) / nullif(team_totals.calls_completed, 0) as aht_s,
    100.0 * (team_totals.talk_s + team_totals.acw_s)
        / nullif(team_totals.logged_in_s - (team_totals.paused_s - team_totals.acw_s), 0) as occupancy_pct,
    ${indicate.refreshed_at} as _refreshed_at
from team_totals
left join teams
    on teams.team_id = team_totals.team_id
    and team_totals.date_local >= teams.valid_from
    and (teams.valid_to is null or team_totals.date_local < teams.valid_to)
