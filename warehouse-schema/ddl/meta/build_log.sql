-- One row per ingest batch a build has folded into silver and gold, and the local dates it rebuilt.
CREATE TABLE IF NOT EXISTS meta.build_log (
  build_id        STRING NOT NULL,
  batch_id        STRING NOT NULL,
  dates_rebuilt   ARRAY<DATE>,
  built_at        TIMESTAMP NOT NULL
) USING delta
LOCATION '${location}'
