-- Goals as SCD type 2. Key: (scope, scope_id, kpi, valid_from); scope_id is '' for the organisation.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.dim_goal (
  scope            STRING NOT NULL,
  scope_id         STRING NOT NULL,
  kpi              STRING NOT NULL,
  direction        STRING NOT NULL,
  goal_value       DOUBLE NOT NULL,
  set_by           STRING NOT NULL,
  valid_from       DATE NOT NULL,
  valid_to         DATE
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
