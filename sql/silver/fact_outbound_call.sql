-- silver.fact_outbound_call: CDR calls placed from an internal extension, on a rebuilt local date.
-- Key: line_hash. A CDR row (stg_cdr: its times already in UTC) is an extension's call when its src is an
-- extension of the roster (the part of a telephony_id after the last '/') or its channel is that extension's own
-- (PJSIP/201-0000001a for src 201); other rows (inbound from the trunk) are not outbound calls. The agent is the
-- roster row whose telephony_id is, or ends in, the extension on that date, else 'unknown:<extension>'.
with cdr_rows as (
    select * from stg_cdr where date_local in (${indicate.dates})
),

agents as (
    select *, regexp_extract(telephony_id, '([^/]+)$', 1) as extension
    from silver.dim_agent
    where telephony_id is not null
),

roster_extensions as (
    select distinct extension from agents
),

extension_calls as (
    select * from cdr_rows
    where src is not null and src <> ''
        and (src in (select extension from roster_extensions) or channel like concat('%/', src, '-%'))
),

extension_agents as (
    select c.line_hash, min(a.agent_id) as agent_id
    from extension_calls c
    join agents a
        on (a.extension = c.src or a.telephony_id = c.src)
        and c.date_local >= a.valid_from
        and (a.valid_to is null or c.date_local < a.valid_to)
    group by c.line_hash
)

select
    c.date_local,
    c.line_hash,
    c.uniqueid,
    c.src as extension,
    coalesce(a.agent_id, concat('unknown:', c.src)) as agent_id,
    pseudonymise_phone(c.dst) as dst_hash,
    c.start_local,
    c.start_utc,
    c.answer_utc,
    c.end_utc,
    c.duration_s,
    c.billsec,
    c.disposition,
    c.disposition = 'ANSWERED' as is_answered
from extension_calls c
left join extension_agents a using (line_hash)
