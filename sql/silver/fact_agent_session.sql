-- silver.fact_agent_session: session and pause segments per agent and local date. Key: (agent_id, member,
-- segment, start_utc). The segments come from session_segments, which follows each member's login, queue
-- membership and pause events in time order (Java: io.indicate.telephony.SessionSegmenter) and splits them
-- at local midnight; here each gets the agent the roster says the member was on that date.
with segments as (
    select * from session_segments
    where date_local in (${indicate.dates})
),

members as (
    select * from stg_member_agent
)

select
    segments.date_local,
    members.agent_id,
    segments.member,
    segments.segment,
    segments.reason,
    segments.is_acw,
    segments.start_utc,
    segments.end_utc,
    segments.seconds,
    segments.is_open
from segments
join members using (member, date_local)
