-- gold.data_quality_daily: what arrived and what could not be used. Key: (date_local, source, check).
-- check 'ingest', dated by the local date the batch ran: rows_in = rows_loaded + rows_duplicate +
-- rows_quarantined + rows_erased (records of erased people, dropped unwritten), summed over the files read that
-- day (rows_pending: incomplete last lines held back).
-- check 'unknown_member', dated by the event: telephony members no roster row explains on that date
-- (unknown_ids), and the queue calls they answered (rows_in).
-- check 'unknown_crm_user', dated like the ticket or rating: CRM assignee ids no roster row explains on that
-- date (unknown_ids), and the tickets and ratings they hold (rows_in).
-- check 'unknown_extension', dated by the call's start: extensions placing CDR calls that no roster row
-- explains (unknown_ids), and their calls (rows_in).
with ingested_files as (
    select * from meta.ingest_log
    where ingested_date_local in (${indicate.dates})
),

unknown_calls as (
    select * from silver.fact_queue_call
    where date_local in (${indicate.dates}) and agent_id like 'unknown:%'
),

unknown_sessions as (
    select * from silver.fact_agent_session
    where date_local in (${indicate.dates}) and agent_id like 'unknown:%'
),

unknown_crm_records as (
    select date_local, assignee_id from silver.fact_ticket
    where date_local in (${indicate.dates}) and agent_id like 'unknown:%'
    union all
    select date_local, assignee_id from silver.fact_csat
    where date_local in (${indicate.dates}) and agent_id like 'unknown:%'
),

unknown_outbound_calls as (
    select * from silver.fact_outbound_call
    where date_local in (${indicate.dates}) and agent_id like 'unknown:%'
),

ingest_checks as (
    select
        ingested_date_local as date_local,
        source,
        'ingest' as `check`,
        sum(rows_in) as rows_in,
        sum(rows_loaded) as rows_loaded,
        sum(rows_duplicate) as rows_duplicate,
        sum(rows_quarantined) as rows_quarantined,
        sum(coalesce(rows_erased, 0)) as rows_erased,
        sum(rows_pending) as rows_pending,
        cast(null as bigint) as unknown_ids
    from ingested_files
    group by ingested_date_local, source
),

unknown_members as (
    select date_local, member, count(*) as calls from unknown_calls group by date_local, member
    union all
    select date_local, member, 0 as calls from unknown_sessions group by date_local, member
),

member_checks as (
    select
        date_local,
        'queue_log' as source,
        'unknown_member' as `check`,
        sum(calls) as rows_in,
        cast(null as bigint) as rows_loaded,
        cast(null as bigint) as rows_duplicate,
        cast(null as bigint) as rows_quarantined,
        cast(null as bigint) as rows_erased,
        cast(null as bigint) as rows_pending,
        count(distinct member) as unknown_ids
    from unknown_members
    group by date_local
),

crm_user_checks as (
    select
        date_local,
        'crm' as source,
        'unknown_crm_user' as `check`,
        count(*) as rows_in,
        cast(null as bigint) as rows_loaded,
        cast(null as bigint) as rows_duplicate,
        cast(null as bigint) as rows_quarantined,
        cast(null as bigint) as rows_erased,
        cast(null as bigint) as rows_pending,
        count(distinct assignee_id) as unknown_ids
    from unknown_crm_records
    group by date_local
),

extension_checks as (
    select
        date_local,
        'cdr' as source,
        'unknown_extension' as `check`,
        count(*) as rows_in,
        cast(null as bigint) as rows_loaded,
        cast(null as bigint) as rows_duplicate,
        cast(null as bigint) as rows_quarantined,
        cast(null as bigint) as rows_erased,
        cast(null as bigint) as rows_pending,
        count(distinct extension) as unknown_ids
    from unknown_outbound_calls
    group by date_local
)

select *, ${indicate.refreshed_at} as _refreshed_at from ingest_checks
union all
select *, ${indicate.refreshed_at} as _refreshed_at from member_checks
union all
select *, ${indicate.refreshed_at} as _refreshed_at from crm_user_checks
union all
select *, ${indicate.refreshed_at} as _refreshed_at from extension_checks
