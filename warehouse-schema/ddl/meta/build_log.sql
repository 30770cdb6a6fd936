-- One row per build that changed silver and gold: which ingest batches it folded in and which local dates
-- of the date-partitioned silver and gold tables it replaced. Publish reads it to copy only those dates.
CREATE TABLE IF NOT EXISTS meta.build_log (
  build_id        STRING NOT NULL,
  kind            STRING NOT NULL,
  batch_ids       ARRAY<STRING> NOT NULL,
  dates_rebuilt   ARRAY<DATE> NOT NULL,
  started_at      TIMESTAMP NOT NULL,
  finished_at     TIMESTAMP NOT NULL
) USING delta
LOCATION '${location}'
