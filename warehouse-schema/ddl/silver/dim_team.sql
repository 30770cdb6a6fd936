-- Teams as SCD type 2, derived from the roster. Key: (team_id, valid_from).
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.dim_team (
  team_id          STRING NOT NULL,
  team_name        STRING,
  team_lead_login  STRING,
  valid_from       DATE NOT NULL,
  valid_to         DATE,
  is_current       BOOLEAN NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
