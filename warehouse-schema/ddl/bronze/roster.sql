-- Agent roster rows as received (all text), one row per distinct row content. Append-only.
-- Holds personal data: statistics only of the columns listed, none personal, and a short log (README, Erasure).
CREATE TABLE IF NOT EXISTS bronze.roster (
  row_hash         STRING NOT NULL,
  agent_id         STRING,
  login            STRING,
  full_name        STRING,
  email            STRING,
  telephony_id     STRING,
  crm_user_id      STRING,
  team_id          STRING,
  team_name        STRING,
  team_lead_login  STRING,
  role             STRING,
  valid_from       STRING,
  _source_file     STRING NOT NULL,
  _source_line     BIGINT NOT NULL,
  _ingested_at     TIMESTAMP NOT NULL,
  _batch_id        STRING NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingStatsColumns' = 'role,valid_from,_source_file,_source_line,_ingested_at,_batch_id',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
