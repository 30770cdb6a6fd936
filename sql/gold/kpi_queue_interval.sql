-- gold.kpi_queue_interval: queue KPIs per local interval of the calls' ENTERQUEUE.
-- Key: (date_local, interval_start_utc, queue). Calls still waiting are not counted anywhere yet.
-- answered_wait_s (sum of wait_s over answered calls) is carried so ASA can be recomputed over any grouping.
-- max_wait_s is the longest wait of the answered, abandoned and timed-out calls: a short abandon's is not one.
with calls as (
    select * from silver.fact_queue_call
    where date_local in (${indicate.dates}) and outcome <> 'waiting'
),

queues as (
    select queue, sl_threshold_s from silver.dim_queue
),

judged_calls as (
    select
        calls.*,
        calls.outcome = 'answered' and calls.wait_s <= queues.sl_threshold_s as is_within_sl
    from calls
    join queues using (queue)
),

interval_totals as (
    select
        date_local,
        interval_start_local,
        interval_start_utc,
        utc_offset,
        queue,
        count(*) as offered,
        count_if(outcome = 'answered') as answered,
        count_if(is_within_sl) as answered_within_sl,
        count_if(outcome = 'abandoned') as abandoned,
        count_if(outcome = 'short_abandoned') as short_abandoned,
        count_if(outcome = 'timed_out') as timed_out,
        coalesce(sum(case when outcome = 'answered' then wait_s end), 0) as answered_wait_s,
        max(case when outcome <> 'short_abandoned' then wait_s end) as max_wait_s
    from judged_calls
    group by date_local, interval_start_local, interval_start_utc, utc_offset, queue
)

select
    *,
    ${kpi_columns},
    ${indicate.refreshed_at} as _refreshed_at
from interval_totals
