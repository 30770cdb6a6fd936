-- Queue KPIs per local interval. Key: (date_local, interval_start_utc, queue); on the autumn DST day the
-- repeated local hour appears twice, told apart by utc_offset.
CREATE TABLE IF NOT EXISTS gold.kpi_queue_interval (
  date_local           DATE NOT NULL,
  interval_start_local TIMESTAMP NOT NULL,
  interval_start_utc   TIMESTAMP NOT NULL,
  utc_offset           STRING NOT NULL,
  queue                STRING NOT NULL,
  offered              BIGINT NOT NULL,
  answered             BIGINT NOT NULL,
  answered_within_sl   BIGINT NOT NULL,
  abandoned            BIGINT NOT NULL,
  short_abandoned      BIGINT NOT NULL,
  timed_out            BIGINT NOT NULL,
  service_level_pct    DOUBLE,
  abandon_rate_pct     DOUBLE,
  asa_s                DOUBLE,
  answered_wait_s      BIGINT NOT NULL,
  max_wait_s           INT,
  _refreshed_at        TIMESTAMP NOT NULL
) USING delta
PARTITIONED BY (date_local)
LOCATION '${location}'
