-- The team's day: sums of its agents' days, ratios recomputed from the sums. Key: (date_local, team_id).
-- The CRM, outbound and repeat-contact columns came later: nullable so Warehouse.open can add them to a
-- table written before (its older rows read null there); the build always fills them.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS gold.kpi_team_daily (
  date_local           DATE NOT NULL,
  team_id              STRING NOT NULL,
  team_name            STRING,
  team_lead_login      STRING,
  agents_active        BIGINT NOT NULL,
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
  tickets_solved              BIGINT,
  first_reply_min_median      DOUBLE,
  full_resolution_min_median  DOUBLE,
  reopened_tickets            BIGINT,
  csat_good                   BIGINT,
  csat_bad                    BIGINT,
  csat_pct                    DOUBLE,
  outbound_calls              BIGINT,
  outbound_talk_s             BIGINT,
  repeat_contacts             BIGINT,
  repeat_contact_rate_pct     DOUBLE,
  _refreshed_at        TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
