-- stg_queue_events: bronze queue_log events of the build window, with their local date and interval.
-- Grain: one row per distinct queue_log line. The window is the UTC event dates around the rebuilt local
-- dates (indicate.event_dates), so a call or session that crosses midnight is seen whole.
-- Local time: from_utc_timestamp gives the wall clock in the contact centre's zone; intervals are cut on
-- the wall clock and carried back to UTC, so on the autumn DST day the repeated hour gets its own intervals.
with events as (
    select * from bronze.queue_log
    where event_date in (${indicate.event_dates})
),

localised as (
    select
        *,
        unix_seconds(from_utc_timestamp(timestamp_seconds(epoch), '${indicate.timezone}')) as local_epoch
    from events
),

with_interval as (
    select
        *,
        pmod(local_epoch, ${indicate.interval_s}) as into_interval_s,
        local_epoch - epoch as utc_offset_s
    from localised
)

select
    callid,
    queue,
    agent as member,
    event,
    data1,
    data2,
    data3,
    data4,
    data5,
    epoch,
    timestamp_seconds(epoch) as event_at_utc,
    to_date(timestamp_seconds(local_epoch)) as date_local,
    timestamp_seconds(local_epoch - into_interval_s) as interval_start_local,
    timestamp_seconds(epoch - into_interval_s) as interval_start_utc,
    concat(
        case when utc_offset_s < 0 then '-' else '+' end,
        lpad(cast(abs(utc_offset_s) div 3600 as string), 2, '0'), ':',
        lpad(cast(pmod(abs(utc_offset_s), 3600) div 60 as string), 2, '0')
    ) as utc_offset,
    _source_file,
    _source_line
from with_interval
