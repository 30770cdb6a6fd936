-- Serving view: each agent's day beside the median agent of the team they were in that day.
-- Grain and key as kpi_agent_daily: (date_local, agent_id). The medians are taken over every agent row of
-- the team on that date (agents with a row that day), before any row-level-security filter: an agent
-- filtered to their own rows still sees the whole team's median, and nothing else of their colleagues.
-- Publish keeps them in serving.team_median_daily (TeamMedians.java), replaced with the agent rows of the same
-- days in the same transaction: the view reads one row per agent row, so an agent's filter is applied first.
-- Rows without a team (agents no roster row explains) have no team medians. A median skips agents without a
-- value that day (e.g. no CSAT rating).
-- Minimum group size: on a day the team has fewer agents (rows) than serving.access_policy.min_team_agents
-- (settings min_team_size, default 3), the team medians are null: in a two-person team the median is the
-- mean of the two, so an agent could work out the colleague's exact numbers. team_agents stays visible.
CREATE VIEW serving.kpi_agent_vs_team_daily AS
SELECT a.date_local,
       a.agent_id,
       a.agent_login,
       a.team_id,
       a.team_name,
       a.calls_answered,
       a.aht_s,
       a.occupancy_pct,
       a.csat_pct,
       m.team_agents,
       CASE WHEN m.team_agents >= p.min_team_agents THEN m.team_median_calls_answered END AS team_median_calls_answered,
       CASE WHEN m.team_agents >= p.min_team_agents THEN m.team_median_aht_s END          AS team_median_aht_s,
       CASE WHEN m.team_agents >= p.min_team_agents THEN m.team_median_occupancy_pct END  AS team_median_occupancy_pct,
       CASE WHEN m.team_agents >= p.min_team_agents THEN m.team_median_csat_pct END       AS team_median_csat_pct,
       a._refreshed_at
FROM serving.kpi_agent_daily a
LEFT JOIN serving.team_median_daily m ON m.date_local = a.date_local AND m.team_id = a.team_id
-- exactly one row (publish keeps it so); no row would make every median null, never visible
LEFT JOIN (SELECT min(min_team_agents) AS min_team_agents FROM serving.access_policy) p ON TRUE
