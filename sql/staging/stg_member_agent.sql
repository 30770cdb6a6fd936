-- stg_member_agent: which agent a telephony member was on each local date, from the roster row valid on
-- that date (dim_agent, SCD 2). Grain: (member, date_local). A member no roster row explains becomes agent
-- 'unknown:<member>' and is flagged, so its calls are kept and reported, not dropped.
-- A member's dates are those of its events and sessions, and the day before each CONNECT: a call belongs to the
-- date of its ENTERQUEUE, which can be the day before its CONNECT (a static member's first event of the night can be
-- the CONNECT, after midnight, of a call that entered before it); a member-day without calls matches nothing.
with member_events as (
    select member, event, date_local from stg_queue_events
    where member is not null and member <> 'NONE' and member <> ''
),

member_days as (
    select member, date_local from member_events
    union
    select member, date_sub(date_local, 1) as date_local from member_events where event = 'CONNECT'
    union
    select member, date_local from session_segments
),

roster as (
    select * from silver.dim_agent where telephony_id is not null
),

matched as (
    select
        d.member,
        d.date_local,
        min(r.agent_id) as agent_id
    from member_days d
    left join roster r
        on r.telephony_id = d.member
        and d.date_local >= r.valid_from
        and (r.valid_to is null or d.date_local < r.valid_to)
    group by d.member, d.date_local
)

select
    member,
    date_local,
    coalesce(agent_id, concat('unknown:', member)) as agent_id,
    agent_id is null as is_unknown
from matched
