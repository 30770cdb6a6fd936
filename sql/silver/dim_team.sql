-- silver.dim_team: teams as SCD type 2. Key: (team_id, valid_from). A team gets a new version on every date
-- a roster row of the team starts; its name and lead are those of the most recent roster row of the team
-- valid on that date.
with agents as (
    select * from silver.dim_agent where team_id is not null
),

change_dates as (
    select distinct team_id, valid_from from agents
),

rows_valid_then as (
    select
        change_dates.team_id,
        change_dates.valid_from,
        agents.team_name,
        agents.team_lead_login,
        agents.valid_from as row_valid_from,
        agents.agent_id
    from change_dates
    join agents
        on agents.team_id = change_dates.team_id
        and agents.valid_from <= change_dates.valid_from
        and (agents.valid_to is null or agents.valid_to > change_dates.valid_from)
),

versions as (
    select
        team_id,
        valid_from,
        max_by(team_name, struct(row_valid_from, agent_id)) as team_name,
        max_by(team_lead_login, struct(row_valid_from, agent_id)) as team_lead_login
    from rows_valid_then
    group by team_id, valid_from
),

with_validity as (
    select *, lead(valid_from) over (partition by team_id order by valid_from) as valid_to
    from versions
)

select team_id, team_name, team_lead_login, valid_from, valid_to, valid_to is null as is_current
from with_validity
