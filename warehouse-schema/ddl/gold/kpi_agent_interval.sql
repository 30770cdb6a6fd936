-- An agent's answered calls per local interval of the call's ENTERQUEUE. Key: (date_local, interval_start_utc, agent_id).
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS gold.kpi_agent_interval (
  date_local           DATE NOT NULL,
  interval_start_local TIMESTAMP NOT NULL,
  interval_start_utc   TIMESTAMP NOT NULL,
  utc_offset           STRING NOT NULL,
  agent_id             STRING NOT NULL,
  agent_login          STRING,
  team_id              STRING,
  calls_answered       BIGINT NOT NULL,
  calls_completed      BIGINT NOT NULL,
  talk_s               BIGINT NOT NULL,
  transfers            BIGINT NOT NULL,
  _refreshed_at        TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
