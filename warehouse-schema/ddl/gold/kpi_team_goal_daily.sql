-- The team's day against its goals. Key: (date_local, team_id, kpi). One row for each KPI a goal applies to
-- that day (README, Goals: precedence team > organisation, met, streak, change vs 7 working days).
-- Names team leads (goal_set_by): no column statistics in the log, and a short log (README, Erasure).
CREATE TABLE IF NOT EXISTS gold.kpi_team_goal_daily (
  date_local           DATE NOT NULL,
  team_id              STRING NOT NULL,
  kpi                  STRING NOT NULL,
  team_name            STRING,
  value                DOUBLE,
  goal_value           DOUBLE NOT NULL,
  direction            STRING NOT NULL,
  goal_scope           STRING NOT NULL,
  goal_set_by          STRING NOT NULL,
  goal_valid_from      DATE NOT NULL,
  met                  BOOLEAN,
  streak_days          BIGINT NOT NULL,
  previous_7_avg       DOUBLE,
  change_vs_previous_7 DOUBLE,
  _refreshed_at        TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
