-- silver.dim_agent: the roster as SCD type 2. Key: (agent_id, valid_from). Each roster row holds from its
-- valid_from until the next row of the same agent (valid_to, exclusive); stg_roster keeps the latest delivery of
-- the same (agent_id, valid_from), so a corrected export replaces the earlier version of that row.
-- role 'left' marks a leaver from that valid_from on. is_current marks each agent's latest row, which may
-- lie in the future or be a 'left' row: who has access is decided from valid_from/valid_to as of the day of
-- the publish or sync (publish.AccessTables, roster.RosterOnDate), never from is_current, which a build
-- would have to rewrite every midnight to stay right.
with versions as (
    select * from stg_roster
),

with_validity as (
    select
        *,
        lead(valid_from) over (partition by agent_id order by valid_from) as valid_to
    from versions
)

select
    agent_id, login, full_name, email, telephony_id, crm_user_id, team_id, team_name, team_lead_login, role,
    valid_from,
    valid_to,
    valid_to is null as is_current
from with_validity
