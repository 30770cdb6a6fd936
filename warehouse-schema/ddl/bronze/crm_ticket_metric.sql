-- Zendesk ticket_metrics versions as received. Append-only. A record with updated_at is one row per
-- (ticket_id, updated_at); the contract (SOURCES.md section 3) does not require updated_at, and a record
-- without it is one row per (ticket_id, record): its versions are ordered by arrival (_ingested_at, then
-- _source_file, then _source_line). record is the full JSON text; _source_line is the record's 0-based
-- index in its page's array.
CREATE TABLE IF NOT EXISTS bronze.crm_ticket_metric (
  ticket_id                 BIGINT NOT NULL,
  updated_at                TIMESTAMP,
  id                        BIGINT,
  reply_time_min            BIGINT,
  full_resolution_time_min  BIGINT,
  reopens                   BIGINT,
  replies                   BIGINT,
  solved_at                 TIMESTAMP,
  record                    STRING NOT NULL,
  _source_file              STRING NOT NULL,
  _source_line              BIGINT NOT NULL,
  _ingested_at              TIMESTAMP NOT NULL,
  _batch_id                 STRING NOT NULL
) USING delta
LOCATION '${location}'
