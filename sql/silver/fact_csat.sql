-- silver.fact_csat: the latest satisfaction rating of each CRM ticket (stg_crm_satisfaction_rating: a rating
-- changed from bad to good is good), dated on a rebuilt local date. Key: ticket_id. Dated by the local date of
-- the rating's created_at; the rating's assignee is matched to the roster agent whose crm_user_id it is on that
-- date, else 'unknown:<assignee_id>'.
with latest_ratings as (
    select * from stg_crm_satisfaction_rating
),

agents as (
    select * from silver.dim_agent where crm_user_id is not null
),

rebuilt_ratings as (
    select
        *,
        to_date(from_utc_timestamp(coalesce(created_at, updated_at), '${indicate.timezone}')) as date_local
    from latest_ratings
    where to_date(from_utc_timestamp(coalesce(created_at, updated_at), '${indicate.timezone}')) in (${indicate.dates})
),

assignee_agents as (
    select rebuilt_ratings.ticket_id, min(agents.agent_id) as agent_id
    from rebuilt_ratings
    join agents
        on agents.crm_user_id = rebuilt_ratings.assignee_id
        and rebuilt_ratings.date_local >= agents.valid_from
        and (agents.valid_to is null or rebuilt_ratings.date_local < agents.valid_to)
    group by rebuilt_ratings.ticket_id
)

select
    r.date_local,
    r.ticket_id,
    r.rating_id,
    r.score,
    r.assignee_id,
    case when r.assignee_id is not null then coalesce(a.agent_id, concat('unknown:', r.assignee_id)) end as agent_id,
    r.created_at as created_at_utc,
    r.updated_at as updated_at_utc
from rebuilt_ratings r
left join assignee_agents a using (ticket_id)
