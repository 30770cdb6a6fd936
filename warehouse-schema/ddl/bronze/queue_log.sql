-- Asterisk queue_log events as received, one row per distinct line. Append-only.
-- Key: line_hash (SHA-256 of the raw line), so a line delivered twice is stored once.
-- event_date is the UTC date of epoch: it bounds the duplicate check to the dates a batch touches.
-- Holds personal data: statistics only of the columns listed, none personal, and a short log (README, Erasure).
CREATE TABLE IF NOT EXISTS bronze.queue_log (
  line_hash      STRING NOT NULL,
  epoch          BIGINT NOT NULL,
  callid         STRING,
  queue          STRING,
  agent          STRING,
  event          STRING NOT NULL,
  data1          STRING,
  data2          STRING,
  data3          STRING,
  data4          STRING,
  data5          STRING,
  raw            STRING NOT NULL,
  event_date     DATE NOT NULL,
  _source_file   STRING NOT NULL,
  _source_line   BIGINT NOT NULL,
  _ingested_at   TIMESTAMP NOT NULL,
  _batch_id      STRING NOT NULL
) USING delta
PARTITIONED BY (event_date)
TBLPROPERTIES (
  'delta.dataSkippingStatsColumns' = 'epoch,callid,queue,event,_source_file,_source_line,_ingested_at,_batch_id',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
