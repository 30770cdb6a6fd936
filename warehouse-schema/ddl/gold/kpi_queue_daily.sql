-- Queue KPIs per local date. Key: (date_local, queue).
CREATE TABLE IF NOT EXISTS gold.kpi_queue_daily (
  date_local           DATE NOT NULL,
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
