-- Zendesk satisfaction_ratings versions as received, one row per (id, updated_at): a rating can change
-- (bad to good), each change is a new version. Append-only. record is the full JSON text (free-text
-- comments are removed before storing); _source_line is the record's 0-based index in its page's array.
-- Holds personal data: statistics only of the columns listed, none personal, and a short log (README, Erasure).
CREATE TABLE IF NOT EXISTS bronze.crm_satisfaction_rating (
  id             BIGINT NOT NULL,
  updated_at     TIMESTAMP NOT NULL,
  ticket_id      BIGINT,
  assignee_id    STRING,
  score          STRING,
  created_at     TIMESTAMP,
  record         STRING NOT NULL,
  _source_file   STRING NOT NULL,
  _source_line   BIGINT NOT NULL,
  _ingested_at   TIMESTAMP NOT NULL,
  _batch_id      STRING NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingStatsColumns' = 'id,updated_at,ticket_id,score,created_at,_source_file,_source_line,_ingested_at,_batch_id',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
