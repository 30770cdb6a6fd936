-- gold.kpi_queue_daily: queue KPIs per local date, summed from the intervals; ratios recomputed from the
-- sums, never averaged. Key: (date_local, queue).
with intervals as (
    select * from gold.kpi_queue_interval
    where date_local in (${indicate.dates})
),

daily_totals as (
    select
        date_local,
        queue,
        sum(offered) as offered,
        sum(answered) as answered,
        sum(answered_within_sl) as answered_within_sl,
        sum(abandoned) as abandoned,
        sum(short_abandoned) as short_abandoned,
        sum(timed_out) as timed_out,
        sum(answered_wait_s) as answered_wait_s,
        max(max_wait_s) as max_wait_s
    from intervals
    group by date_local, queue
)

select
    *,
    ${kpi_columns},
    ${indicate.refreshed_at} as _refreshed_at
from daily_totals
