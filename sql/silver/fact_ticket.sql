-- silver.fact_ticket: one row per CRM ticket, its latest version (stg_crm_ticket) with its latest metrics
-- (stg_crm_ticket_metric), dated on a rebuilt local date. Key: ticket_id. A ticket is dated by the local date of
-- solved_at once solved, else of created_at. The assignee is matched to the roster agent whose crm_user_id it is
-- on that date; an id no roster row explains becomes 'unknown:<assignee_id>'.
with latest_tickets as (
    select * from stg_crm_ticket
),

latest_metrics as (
    select * from stg_crm_ticket_metric
),

agents as (
    select * from silver.dim_agent where crm_user_id is not null
),

dated_tickets as (
    select
        to_date(from_utc_timestamp(coalesce(m.solved_at, t.created_at, t.updated_at), '${indicate.timezone}')) as date_local,
        t.ticket_id,
        t.status,
        t.channel,
        t.group_id,
        t.requester_id,
        t.assignee_id,
        t.created_at,
        t.updated_at,
        m.solved_at,
        m.reply_time_min,
        m.full_resolution_time_min,
        m.reopens,
        m.replies
    from latest_tickets t
    left join latest_metrics m on m.ticket_id = t.ticket_id
),

rebuilt_tickets as (
    select * from dated_tickets where date_local in (${indicate.dates})
),

assignee_agents as (
    select rebuilt_tickets.ticket_id, min(agents.agent_id) as agent_id
    from rebuilt_tickets
    join agents
        on agents.crm_user_id = rebuilt_tickets.assignee_id
        and rebuilt_tickets.date_local >= agents.valid_from
        and (agents.valid_to is null or rebuilt_tickets.date_local < agents.valid_to)
    group by rebuilt_tickets.ticket_id
)

select
    t.date_local,
    t.ticket_id,
    t.status,
    t.channel,
    t.group_id,
    pseudonymise_id('requester', t.requester_id) as requester_hash,
    t.assignee_id,
    case when t.assignee_id is not null then coalesce(a.agent_id, concat('unknown:', t.assignee_id)) end as agent_id,
    t.created_at as created_at_utc,
    t.updated_at as updated_at_utc,
    t.solved_at as solved_at_utc,
    t.reply_time_min,
    t.full_resolution_time_min,
    t.reopens,
    t.replies,
    -- solved, by an agent (an assignee: agent_id is set), and not deleted since: what tickets_solved counts
    t.solved_at is not null and t.assignee_id is not null and coalesce(t.status, '') <> 'deleted' as is_solved
from rebuilt_tickets t
left join assignee_agents a using (ticket_id)
