-- The agent's day. Key: (date_local, agent_id). Team as in the roster row valid on that date.
CREATE TABLE IF NOT EXISTS gold.kpi_agent_daily (
  date_local           DATE NOT NULL,
  agent_id             STRING NOT NULL,
  agent_login          STRING,
  team_id              STRING,
  team_name            STRING,
  calls_answered       BIGINT NOT NULL,
  calls_completed      BIGINT NOT NULL,
  talk_s               BIGINT NOT NULL,
  transfers            BIGINT NOT NULL,
  ring_no_answer       BIGINT NOT NULL,
  logged_in_s          BIGINT NOT NULL,
  paused_s             BIGINT NOT NULL,
  acw_s                BIGINT NOT NULL,
  aht_s                DOUBLE,
  occupancy_pct        DOUBLE,
  _refreshed_at        TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
LOCATION '${location}'
