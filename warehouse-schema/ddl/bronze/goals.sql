-- Goals rows as received (all text), one row per distinct row content. Append-only. A changed goal is a new row
-- with a later valid_from; a row of the same (scope, scope_id, kpi, valid_from) delivered later replaces the
-- earlier delivery in silver.dim_goal, never here.
-- Names agents (scope_id of a personal goal, set_by): statistics only of the columns listed, and a short log.
CREATE TABLE IF NOT EXISTS bronze.goals (
  row_hash         STRING NOT NULL,
  scope            STRING,
  scope_id         STRING,
  kpi              STRING,
  direction        STRING,
  value            STRING,
  valid_from       STRING,
  set_by           STRING,
  _source_file     STRING NOT NULL,
  _source_line     BIGINT NOT NULL,
  _ingested_at     TIMESTAMP NOT NULL,
  _batch_id        STRING NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingStatsColumns' = 'scope,kpi,valid_from,_source_file,_source_line,_ingested_at,_batch_id',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
