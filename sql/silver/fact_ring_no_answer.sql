-- silver.fact_ring_no_answer: one row per RINGNOANSWER event (an agent was rung and did not answer), dated by
-- the local time of the event. Key: (callid, queue, member, event_at_utc).
with events as (
    select * from stg_queue_events
    where event = 'RINGNOANSWER' and date_local in (${indicate.dates})
),

members as (
    select * from stg_member_agent
)

select
    events.date_local,
    events.interval_start_local,
    events.interval_start_utc,
    events.utc_offset,
    events.queue,
    events.callid,
    events.member,
    members.agent_id,
    events.event_at_utc,
    cast(events.data1 as bigint) as ringtime_ms
from events
join members using (member, date_local)
