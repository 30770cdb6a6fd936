-- Zendesk ticket versions as received, one row per (id, updated_at): a ticket appears again in later
-- export pages each time it changes, and a page delivered twice adds nothing. Append-only.
-- record is the ticket's full JSON text (fields not typed here are kept there); _source_line is the
-- record's 0-based index in its page's array. requester_id is raw personal data: only bronze holds it.
-- Holds personal data: statistics only of the columns listed, none personal, and a short log (README, Erasure).
CREATE TABLE IF NOT EXISTS bronze.crm_ticket (
  id             BIGINT NOT NULL,
  updated_at     TIMESTAMP NOT NULL,
  created_at     TIMESTAMP,
  status         STRING,
  assignee_id    STRING,
  group_id       STRING,
  requester_id   STRING,
  channel        STRING,
  record         STRING NOT NULL,
  _source_file   STRING NOT NULL,
  _source_line   BIGINT NOT NULL,
  _ingested_at   TIMESTAMP NOT NULL,
  _batch_id      STRING NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingStatsColumns' = 'id,updated_at,created_at,status,group_id,channel,_source_file,_source_line,_ingested_at,_batch_id',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
