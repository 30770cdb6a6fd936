-- silver.dim_queue: every queue seen, with its service-level threshold (sl_threshold_s_by_queue, else
-- sl_threshold_s) and the first and last local date it had calls. Key: queue.
with known as (
    select queue, first_date_local, last_date_local from silver.dim_queue
),

seen_now as (
    select queue, min(date_local) as first_date_local, max(date_local) as last_date_local
    from silver.fact_queue_call
    where date_local in (${indicate.dates})
    group by queue
),

merged as (
    select queue, min(first_date_local) as first_date_local, max(last_date_local) as last_date_local
    from (select * from known union all select * from seen_now)
    group by queue
),

thresholds as (
    select * from queue_settings
)

select
    merged.queue,
    coalesce(thresholds.sl_threshold_s, ${indicate.sl_threshold_s}) as sl_threshold_s,
    merged.first_date_local,
    merged.last_date_local
from merged
left join thresholds using (queue)
