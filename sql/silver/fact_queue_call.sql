-- silver.fact_queue_call: one row per queue call, a (callid, queue) pair with an ENTERQUEUE, entering on a
-- rebuilt local date. Key: (callid, queue). The outcome follows KPI-DEFINITIONS.md: answered when the call
-- has a CONNECT; otherwise abandoned / short_abandoned (ABANDON waittime below short_abandon_s) or timed_out
-- (EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY); 'waiting' until one of those events has arrived.
-- A call that leaves the queue and enters it again (an IVR loop: "press 1 to keep waiting") is one queue call, dated
-- by its first ENTERQUEUE, whose outcome is its terminal event: the last of its leaving events, with that event's
-- waittime. Any other event that repeats (it should not): the first one in time counts.
with events as (
    select * from stg_queue_events
    where callid is not null and queue is not null and queue <> 'NONE'
),

members as (
    select * from stg_member_agent
),

entered as (
    select
        callid,
        queue,
        min_by(struct(epoch, event_at_utc, date_local, interval_start_local, interval_start_utc, utc_offset,
                      data2 as caller_number),
               struct(epoch, _source_file, _source_line)) as e
    from events
    where event = 'ENTERQUEUE'
    group by callid, queue
),

connected as (
    select
        callid,
        queue,
        min_by(struct(member, cast(data1 as int) as holdtime),
               struct(epoch, _source_file, _source_line)) as c
    from events
    where event = 'CONNECT'
    group by callid, queue
),

ended_after_talk as (
    select
        callid,
        queue,
        min_by(struct(event_at_utc, event,
                      cast(case when event like 'COMPLETE%' then data2 else data4 end as int) as calltime),
               struct(epoch, _source_file, _source_line)) as x,
        bool_or(event in ('TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER')) as has_transfer
    from events
    where event in ('COMPLETEAGENT', 'COMPLETECALLER', 'TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER')
    group by callid, queue
),

left_queue as (
    select
        callid,
        queue,
        max_by(struct(event_at_utc, event,
                      cast(case when event = 'EXITWITHKEY' then data4 else data3 end as int) as waittime),
               struct(epoch, _source_file, _source_line)) as l
    from events
    where event in ('ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY')
    group by callid, queue
),

calls as (
    select
        entered.callid,
        entered.queue,
        entered.e,
        connected.c,
        ended_after_talk.x,
        coalesce(ended_after_talk.has_transfer, false) as has_transfer,
        left_queue.l,
        case
            when connected.c is not null then 'answered'
            when left_queue.l.event = 'ABANDON' and left_queue.l.waittime < ${indicate.short_abandon_s} then 'short_abandoned'
            when left_queue.l.event = 'ABANDON' then 'abandoned'
            when left_queue.l is not null then 'timed_out'
            else 'waiting'
        end as outcome
    from entered
    left join connected using (callid, queue)
    left join ended_after_talk using (callid, queue)
    left join left_queue using (callid, queue)
    where entered.e.date_local in (${indicate.dates})
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
