-- One row per RINGNOANSWER event (an agent was rung and did not answer), dated by the event's local time.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.fact_ring_no_answer (
  date_local            DATE NOT NULL,
  interval_start_local  TIMESTAMP NOT NULL,
  interval_start_utc    TIMESTAMP NOT NULL,
  utc_offset            STRING NOT NULL,
  queue                 STRING,
  callid                STRING,
  member                STRING NOT NULL,
  agent_id              STRING NOT NULL,
  event_at_utc          TIMESTAMP NOT NULL,
  ringtime_ms           BIGINT
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
