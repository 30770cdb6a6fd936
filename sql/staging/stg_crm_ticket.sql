-- stg_crm_ticket: the latest version of each CRM ticket (SOURCES.md section 3). Grain: ticket_id. A ticket appears
-- again in later export pages each time it changes: the latest updated_at wins, ties broken by the later delivery.
-- requester_id is still raw here; silver.fact_ticket stores only its pseudonym.
with ticket_versions as (
    select * from bronze.crm_ticket
),

ranked as (
    select
        *,
        row_number() over (
            partition by id
            order by updated_at desc, _ingested_at desc, _source_file desc, _source_line desc
        ) as version_rank
    from ticket_versions
)

select
    id as ticket_id,
    status,
    channel,
    group_id,
    requester_id,
    assignee_id,
    created_at,
    updated_at
from ranked
where version_rank = 1
