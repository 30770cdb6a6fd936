-- The latest satisfaction rating of each CRM ticket (latest updated_at wins, so a rating changed from bad
-- to good counts as good). Key: ticket_id. Dated by the local date of the rating's created_at. agent_id is
-- the roster agent whose crm_user_id is the rating's assignee on that date, else 'unknown:<assignee_id>'.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.fact_csat (
  date_local       DATE NOT NULL,
  ticket_id        BIGINT NOT NULL,
  rating_id        BIGINT NOT NULL,
  score            STRING,
  assignee_id      STRING,
  agent_id         STRING,
  created_at_utc   TIMESTAMP,
  updated_at_utc   TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
