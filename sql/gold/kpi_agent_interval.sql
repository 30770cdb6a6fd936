-- gold.kpi_agent_interval: an agent's answered calls per local interval of the calls' ENTERQUEUE.
-- Key: (date_local, interval_start_utc, agent_id). Team as in the roster row valid on that date.
with answered_calls as (
    select * from silver.fact_queue_call
    where date_local in (${indicate.dates}) and outcome = 'answered'
),

agents as (
    select * from silver.dim_agent
),

interval_totals as (
    select
        date_local,
        interval_start_local,
        interval_start_utc,
        utc_offset,
        agent_id,
        count(*) as calls_answered,
        count_if(is_completed) as calls_completed,
        coalesce(sum(case when is_completed then talk_s end), 0) as talk_s,
        count_if(is_transfer) as transfers
    from answered_calls
    group by date_local, interval_start_local, interval_start_utc, utc_offset, agent_id
)

select
    interval_totals.*,
    agents.login as agent_login,
    agents.team_id,
    ${indicate.refreshed_at} as _refreshed_at
from interval_totals
left join agents
    on agents.agent_id = interval_totals.agent_id
    and interval_totals.date_local >= agents.valid_from
    and (agents.valid_to is null or interval_totals.date_local < agents.valid_to)
