-- Data-quality counts per local date, source and check. Key: (date_local, source, check).
-- check 'ingest' (dated by the local date of ingestion): rows_in = rows_loaded + rows_duplicate + rows_quarantined + rows_erased.
-- check 'unknown_member' (dated by the event): telephony members no roster row explains on that date.
-- check 'unknown_crm_user' (source crm) and 'unknown_extension' (source cdr): CRM assignees and CDR extensions likewise.
CREATE TABLE IF NOT EXISTS gold.data_quality_daily (
  date_local           DATE NOT NULL,
  source               STRING NOT NULL,
  `check`              STRING NOT NULL,
  rows_in              BIGINT,
  rows_loaded          BIGINT,
  rows_duplicate       BIGINT,
  rows_quarantined     BIGINT,
  rows_erased          BIGINT,
  rows_pending         BIGINT,
  unknown_ids          BIGINT,
  _refreshed_at        TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
LOCATION '${location}'
