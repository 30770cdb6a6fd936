-- One row per build that changed silver and gold: which ingest batches it folded in and which local dates
-- of the date-partitioned silver and gold tables it replaced (dates_rebuilt: all of them; dates_by_table: per
-- table, e.g. 'silver.fact_queue_call', the dates that table's write replaced; a table the build did not write is
-- absent; null in rows of builds from before the column, whose tables each replaced every date of the build).
-- Publish reads it to copy only those dates of each table. owed_repeat_dates: after this build, the earlier dates
-- whose repeat contacts an intraday refresh left to a later build (README, The 15-minute cycle); empty when none;
-- null in rows from before the column.
CREATE TABLE IF NOT EXISTS meta.build_log (
  build_id        STRING NOT NULL,
  kind            STRING NOT NULL,
  batch_ids       ARRAY<STRING> NOT NULL,
  dates_rebuilt   ARRAY<DATE> NOT NULL,
  dates_by_table  MAP<STRING, ARRAY<DATE>>,
  owed_repeat_dates ARRAY<DATE>,
  started_at      TIMESTAMP NOT NULL,
  finished_at     TIMESTAMP NOT NULL
) USING delta
LOCATION '${location}'
