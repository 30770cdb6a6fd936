-- One row per daily digest mail the SMTP server accepted: whose mail about which local date, in which role, when.
-- `indicate digest` reads it to send nothing twice: a person with a row for a date gets no second mail of that date
-- unless the run is forced (forced: a mail sent again by --force). A row is written right after its mail is accepted,
-- so a run that stops half-way and is run again sends only the mails it had not sent yet.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent re-keys agent_id).
CREATE TABLE IF NOT EXISTS meta.digest_log (
  date_local  DATE NOT NULL,
  agent_id    STRING NOT NULL,
  role        STRING NOT NULL,
  forced      BOOLEAN NOT NULL,
  sent_at     TIMESTAMP NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
