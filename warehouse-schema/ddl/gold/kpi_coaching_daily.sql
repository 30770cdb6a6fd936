-- The lead's coaching list. Key: (date_local, agent_id, kpi). One row for each goal of an agent's day that the agent
-- missed repeatedly or whose trend turned, ranked per team and date (README, Coaching list).
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS gold.kpi_coaching_daily (
  date_local        DATE NOT NULL,
  agent_id          STRING NOT NULL,
  kpi               STRING NOT NULL,
  team_id           STRING,
  agent_login       STRING,
  value             DOUBLE,
  goal_value        DOUBLE NOT NULL,
  direction         STRING NOT NULL,
  days_judged       BIGINT NOT NULL,
  days_missed       BIGINT NOT NULL,
  missed_repeatedly BOOLEAN NOT NULL,
  trend_turned      BOOLEAN NOT NULL,
  reason            STRING NOT NULL,
  gap               DOUBLE,
  gap_pct           DOUBLE,
  previous_7_avg    DOUBLE,
  priority          INT NOT NULL,
  _refreshed_at     TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
