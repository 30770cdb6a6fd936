-- Asterisk CDR rows (cdr-csv Master.csv) as received, one row per distinct line. Append-only.
-- Key: line_hash (SHA-256 of the raw line), so a line delivered twice is stored once. start/answer/end
-- are the PBX's local wall-clock text; start_date (the local date of start) bounds the duplicate check.
-- linkedid, peeraccount and sequence are null for the 18-column format of older Asterisk versions.
-- Holds personal data: statistics only of the columns listed, none personal, and a short log (README, Erasure).
CREATE TABLE IF NOT EXISTS bronze.cdr (
  line_hash      STRING NOT NULL,
  accountcode    STRING,
  src            STRING,
  dst            STRING,
  dcontext       STRING,
  clid           STRING,
  channel        STRING,
  dstchannel     STRING,
  lastapp        STRING,
  lastdata       STRING,
  start          STRING NOT NULL,
  answer         STRING,
  `end`          STRING,
  duration       BIGINT,
  billsec        BIGINT,
  disposition    STRING,
  amaflags       STRING,
  uniqueid       STRING,
  userfield      STRING,
  linkedid       STRING,
  peeraccount    STRING,
  sequence       STRING,
  raw            STRING NOT NULL,
  start_date     DATE NOT NULL,
  _source_file   STRING NOT NULL,
  _source_line   BIGINT NOT NULL,
  _ingested_at   TIMESTAMP NOT NULL,
  _batch_id      STRING NOT NULL
) USING delta
PARTITIONED BY (start_date)
TBLPROPERTIES (
  'delta.dataSkippingStatsColumns' = 'start,duration,billsec,disposition,uniqueid,linkedid,_source_file,_source_line,_ingested_at,_batch_id',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
