-- stg_cdr: the CDR rows of the build window, typed. Grain: line_hash (one row per distinct CDR line). The window is
-- bronze's partitions start_date (the local date of the call's start) of the dates rebuilt for the tables reading it
-- (indicate.dates), so an incremental build reads only those.
-- The PBX writes local wall-clock text (SOURCES.md section 2): parsed here, and read in the configured zone for UTC.
-- dst is still the raw number here; silver.fact_outbound_call stores only its pseudonym.
with cdr_rows as (
    select * from bronze.cdr where start_date in (${indicate.dates})
),

parsed as (
    select
        *,
        to_timestamp(start, 'yyyy-MM-dd HH:mm:ss') as start_local,
        to_timestamp(nullif(answer, ''), 'yyyy-MM-dd HH:mm:ss') as answer_local,
        to_timestamp(nullif(`end`, ''), 'yyyy-MM-dd HH:mm:ss') as end_local
    from cdr_rows
)

select
    line_hash,
    uniqueid,
    src,
    dst,
    channel,
    start_date as date_local,
    start_local,
    to_utc_timestamp(start_local, '${indicate.timezone}') as start_utc,
    to_utc_timestamp(answer_local, '${indicate.timezone}') as answer_utc,
    to_utc_timestamp(end_local, '${indicate.timezone}') as end_utc,
    duration as duration_s,
    billsec,
    disposition
from parsed
