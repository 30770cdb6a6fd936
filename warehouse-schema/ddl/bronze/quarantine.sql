-- Every source record that could not be loaded, with where it came from and why. Append-only.
CREATE TABLE IF NOT EXISTS bronze.quarantine (
  source         STRING NOT NULL,
  _source_file   STRING NOT NULL,
  _source_line   BIGINT NOT NULL,
  raw            STRING,
  reason         STRING NOT NULL,
  _ingested_at   TIMESTAMP NOT NULL,
  _batch_id      STRING NOT NULL
) USING delta
LOCATION '${location}'
