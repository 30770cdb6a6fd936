-- Every source record that could not be loaded, with where it came from and why. Append-only.
-- Holds personal data: statistics only of the columns listed, none personal, and a short log (README, Erasure).
CREATE TABLE IF NOT EXISTS bronze.quarantine (
  source         STRING NOT NULL,
  _source_file   STRING NOT NULL,
  _source_line   BIGINT NOT NULL,
  raw            STRING,
  reason         STRING NOT NULL,
  _ingested_at   TIMESTAMP NOT NULL,
  _batch_id      STRING NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingStatsColumns' = 'source,_source_file,_source_line,_ingested_at,_batch_id',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
