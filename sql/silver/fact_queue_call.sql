-- silver.fact_queue_call: one row per queue call, a (callid, queue) pair with an ENTERQUEUE, entering on a
-- rebuilt local date. Key: (callid, queue). The outcome follows KPI-DEFINITIONS.md: answered when the call
-- has a CONNECT; otherwise abandoned / short_abandoned (ABANDON waittime below short_abandon_s) or timed_out
-- (EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY); 'waiting' until one of those events has arrived.
-- A call that leaves the queue and enters it again (an IVR loop: "press 1 to keep waiting") is one queue call, dated
-- by its first ENTERQUEUE, whose outcome is its terminal event: the last of its leaving events, with that event's
-- waittime. Any other event that repeats (it should not): the first one in time counts.
-- Every part of a call is taken in one pass over its events (one aggregate per part, each over its own events), so
-- the events are grouped once, not once per part and then joined.
with events as (
    select * from stg_queue_events
    where callid is not null and queue is not null and queue <> 'NONE'
      and event in ('ENTERQUEUE', 'CONNECT', 'COMPLETEAGENT', 'COMPLETECALLER', 'TRANSFER', 'BLINDTRANSFER',
                    'ATTENDEDTRANSFER', 'ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY')
),

members as (
    select * from stg_member_agent
),

parts as (
    select
        callid,
        queue,
        -- entered: the first ENTERQUEUE
        min_by(struct(epoch, event_at_utc, date_local, interval_start_local, interval_start_utc, utc_offset,
                      data2 as caller_number),
               struct(epoch, _source_file, _source_line))
            filter (where event = 'ENTERQUEUE') as e,
        -- connected: the first CONNECT
        min_by(struct(member, cast(data1 as int) as holdtime),
               struct(epoch, _source_file, _source_line))
            filter (where event = 'CONNECT') as c,
        -- ended after talk: the first completion or transfer
        min_by(struct(event_at_utc, event,
                      cast(case when event like 'COMPLETE%' then data2 else data4 end as int) as calltime),
               struct(epoch, _source_file, _source_line))
            filter (where event in ('COMPLETEAGENT', 'COMPLETECALLER', 'TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER')) as x,
        coalesce(bool_or(event in ('TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER')), false) as has_transfer,
        -- left the queue: the last leaving event
        max_by(struct(event_at_utc, event,
                      cast(case when event = 'EXITWITHKEY' then data4 else data3 end as int) as waittime),
               struct(epoch, _source_file, _source_line))
            filter (where event in ('ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY')) as l
    from events
    group by callid, queue
),

calls as (
    select
        callid,
        queue,
        e,
        c,
        x,
        has_transfer,
        l,
        case
            when c is not null then 'answered'
            when l.event = 'ABANDON' and l.waittime < ${indicate.short_abandon_s} then 'short_abandoned'
            when l.event = 'ABANDON' then 'abandoned'
            when l is not null then 'timed_out'
            else 'waiting'
        end as outcome
    from parts
    where e is not null and e.date_local in (${indicate.dates})
)

select
    calls.e.date_local as date_local,
    calls.e.interval_start_local as interval_start_local,
    calls.e.interval_start_utc as interval_start_utc,
    calls.e.utc_offset as utc_offset,
    calls.queue,
    calls.callid,
    pseudonymise_phone(calls.e.caller_number) as caller_hash,
    calls.e.event_at_utc as entered_at_utc,
    calls.outcome,
    case
        when calls.outcome = 'answered' then coalesce(calls.x.event, 'CONNECT')
        when calls.outcome = 'waiting' then null
        else calls.l.event
    end as terminal_event,
    case when calls.outcome = 'answered' then calls.c.holdtime else calls.l.waittime end as wait_s,
    case when calls.outcome = 'answered' then calls.x.calltime end as talk_s,
    calls.outcome = 'answered' and calls.x is not null as is_completed,
    calls.outcome = 'answered' and calls.has_transfer as is_transfer,
    calls.c.member as member,
    members.agent_id,
    case when calls.outcome = 'answered' then calls.x.event_at_utc else calls.l.event_at_utc end as ended_at_utc
from calls
left join members
    on members.member = calls.c.member
    and members.date_local = calls.e.date_local
