-- One row per source file read by an ingest batch: the landing manifest and the counts that must add up
-- (rows_in = rows_loaded + rows_duplicate + rows_quarantined + rows_erased). rows_erased counts the records of
-- people erased before (meta.erased_subject), dropped unwritten; it is null in rows logged before the column
-- existed, read as 0. rows_pending counts a trailing line without its newline, held back until the file is complete.
-- file_checksum is the SHA-256 of the (decompressed) content read so far; a file whose checksum is
-- already known is skipped, under any name. bytes_consumed / prefix_checksum let a growing file be
-- read from where the last batch stopped (lines_consumed keeps line numbers right).
-- min_epoch / max_epoch span every parsed line of the file, duplicates included: they say which dates a
-- batch touches, even when an earlier crashed run had already stored its lines.
CREATE TABLE IF NOT EXISTS meta.ingest_log (
  batch_id          STRING NOT NULL,
  source            STRING NOT NULL,
  file_name         STRING NOT NULL,
  file_checksum     STRING NOT NULL,
  bytes_consumed    BIGINT NOT NULL,
  lines_consumed    BIGINT NOT NULL,
  prefix_checksum   STRING NOT NULL,
  rows_in           BIGINT NOT NULL,
  rows_loaded       BIGINT NOT NULL,
  rows_duplicate    BIGINT NOT NULL,
  rows_quarantined  BIGINT NOT NULL,
  rows_erased       BIGINT,
  rows_pending      BIGINT NOT NULL,
  min_epoch         BIGINT,
  max_epoch         BIGINT,
  ingested_at       TIMESTAMP NOT NULL,
  ingested_date_local DATE NOT NULL
) USING delta
LOCATION '${location}'
