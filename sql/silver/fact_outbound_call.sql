-- silver.fact_outbound_call: CDR calls placed from an internal extension, on a rebuilt local date.
-- Key: line_hash. A CDR row is an extension's call when its src is an extension of the roster (the part
-- of a telephony_id after the last '/') or its channel is that extension's own (PJSIP/201-0000001a for
-- src 201); other rows (inbound from the trunk) are not outbound calls. The PBX writes local wall-clock
-- times: read in the configured zone, converted to UTC. The agent is the roster row whose telephony_id is,
-- or ends in, the extension on that date, else 'unknown:<extension>'.
with cdr_rows as (
    select * from bronze.cdr where start_date in (${indicate.dates})
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
    select
        *,
        to_timestamp(start, 'yyyy-MM-dd HH:mm:ss') as start_local,
        to_timestamp(nullif(answer, ''), 'yyyy-MM-dd HH:mm:ss') as answer_local,
        to_timestamp(nullif(`end`, ''), 'yyyy-MM-dd HH:mm:ss') as end_local
    from cdr_rows
    where src is not null and src <> ''
        and (src in (select extension from roster_extensions) or channel like concat('%/', src, '-%'))
),

extension_agents as (
    select c.line_hash, min(a.agent_id) as agent_id
    from extension_calls c
    join agents a
        on (a.extension = c.src or a.telephony_id = c.src)
        and c.start_date >= a.valid_from
        and (a.valid_to is null or c.start_date < a.valid_to)
    group by c.line_hash
)

select
    c.start_date as date_local,
    c.line_hash,
    c.uniqueid,
    c.src as extension,
    coalesce(a.agent_id, concat('unknown:', c.src)) as agent_id,
    pseudonymise_phone(c.dst) as dst_hash,
    c.start_local,
    to_utc_timestamp(c.start_local, '${indicate.timezone}') as start_utc,
    to_utc_timestamp(c.answer_local, '${indicate.timezone}') as answer_utc,
    to_utc_timestamp(c.end_local, '${indicate.timezone}') as end_utc,
    c.duration as duration_s,
    c.billsec,
    c.disposition,
    c.disposition = 'ANSWERED' as is_answered
from extension_calls c
left join extension_agents a using (line_hash)
