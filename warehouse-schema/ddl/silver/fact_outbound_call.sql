-- One row per CDR call placed from an agent's extension (CDR src is an internal extension). Key: line_hash.
-- Dated by the local date of start; the PBX writes local wall-clock times, converted to UTC here with the
-- configured zone. agent_id: the roster agent whose telephony_id is (or ends in) that extension on that
-- date, else 'unknown:<extension>'. The number dialled (dst) is pseudonymised; the caller-id text (clid)
-- stays in bronze.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.fact_outbound_call (
  date_local       DATE NOT NULL,
  line_hash        STRING NOT NULL,
  uniqueid         STRING,
  extension        STRING NOT NULL,
  agent_id         STRING NOT NULL,
  dst_hash         STRING,
  start_local      TIMESTAMP NOT NULL,
  start_utc        TIMESTAMP NOT NULL,
  answer_utc       TIMESTAMP,
  end_utc          TIMESTAMP,
  duration_s       BIGINT,
  billsec          BIGINT,
  disposition      STRING,
  is_answered      BOOLEAN NOT NULL
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
