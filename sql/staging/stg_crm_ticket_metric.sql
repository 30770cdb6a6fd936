-- stg_crm_ticket_metric: the latest metrics of each CRM ticket (SOURCES.md section 3). Grain: ticket_id. updated_at
-- orders a ticket's metrics versions when every version has it; when one lacks it, arrival alone does (later batch,
-- later page, later position).
with metric_versions as (
    select
        *,
        count(*) over (partition by ticket_id) = count(updated_at) over (partition by ticket_id) as versions_dated
    from bronze.crm_ticket_metric
),

ranked as (
    select
        *,
        row_number() over (
            partition by ticket_id
            order by case when versions_dated then updated_at end desc nulls last,
                _ingested_at desc, _source_file desc, _source_line desc
        ) as version_rank
    from metric_versions
)

select
    ticket_id,
    solved_at,
    reply_time_min,
    full_resolution_time_min,
    reopens,
    replies
from ranked
where version_rank = 1
