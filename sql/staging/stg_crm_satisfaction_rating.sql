-- stg_crm_satisfaction_rating: the latest satisfaction rating of each CRM ticket (SOURCES.md section 3). Grain:
-- ticket_id; a rating of no ticket is left out. A rating can change (bad to good): the latest updated_at wins, ties
-- broken by the later delivery.
with rating_versions as (
    select * from bronze.crm_satisfaction_rating where ticket_id is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by ticket_id
            order by updated_at desc, _ingested_at desc, _source_file desc, _source_line desc
        ) as version_rank
    from rating_versions
)

select
    ticket_id,
    id as rating_id,
    score,
    assignee_id,
    created_at,
    updated_at
from ranked
where version_rank = 1
