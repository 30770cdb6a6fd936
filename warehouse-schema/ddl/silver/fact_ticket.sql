-- One row per CRM ticket, its latest version (latest updated_at) with its latest metrics. Key: ticket_id.
-- Dated by the local date of solved_at when the ticket has been solved, else of created_at. agent_id is
-- the roster agent whose crm_user_id is the assignee on that date, 'unknown:<assignee_id>' when no roster
-- row explains it, null when unassigned. requester_hash: the requester id pseudonymised.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.fact_ticket (
  date_local                DATE NOT NULL,
  ticket_id                 BIGINT NOT NULL,
  status                    STRING,
  channel                   STRING,
  group_id                  STRING,
  requester_hash            STRING,
  assignee_id               STRING,
  agent_id                  STRING,
  created_at_utc            TIMESTAMP,
  updated_at_utc            TIMESTAMP NOT NULL,
  solved_at_utc             TIMESTAMP,
  reply_time_min            BIGINT,
  full_resolution_time_min  BIGINT,
  reopens                   BIGINT,
  replies                   BIGINT
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
