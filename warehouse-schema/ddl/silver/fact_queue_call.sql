-- One row per queue call: a (callid, queue) pair with an ENTERQUEUE. Key: (callid, queue).
-- Dated by the local date and interval of its ENTERQUEUE. outcome 'waiting' means no terminal event yet:
-- such a call is kept here so a later batch can complete it, and counted nowhere in gold.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.fact_queue_call (
  date_local            DATE NOT NULL,
  interval_start_local  TIMESTAMP NOT NULL,
  interval_start_utc    TIMESTAMP NOT NULL,
  utc_offset            STRING NOT NULL,
  queue                 STRING NOT NULL,
  callid                STRING NOT NULL,
  caller_hash           STRING,
  entered_at_utc        TIMESTAMP NOT NULL,
  outcome               STRING NOT NULL,
  terminal_event        STRING,
  wait_s                INT,
  talk_s                INT,
  is_completed          BOOLEAN NOT NULL,
  is_transfer           BOOLEAN NOT NULL,
  member                STRING,
  agent_id              STRING,
  ended_at_utc          TIMESTAMP
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
