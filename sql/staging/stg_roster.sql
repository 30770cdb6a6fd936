-- stg_roster: the roster's rows as versions of an agent, typed. Grain: (agent_id, valid_from). The latest delivery of
-- the same (agent_id, valid_from) wins, so a corrected export replaces the earlier version of that row; the roster
-- CSV is all text, so valid_from becomes a date and role lower case here.
with roster as (
    select * from bronze.roster
),

latest_delivery as (
    select
        *,
        row_number() over (
            partition by agent_id, to_date(valid_from)
            order by _ingested_at desc, _source_file desc, _source_line desc
        ) as delivery_rank
    from roster
)

select
    agent_id, login, full_name, email, telephony_id, crm_user_id, team_id, team_name, team_lead_login,
    lower(role) as role,
    to_date(valid_from) as valid_from
from latest_delivery
where delivery_rank = 1
