-- Queues seen in the telephony data with their service-level threshold. Key: queue.
CREATE TABLE IF NOT EXISTS silver.dim_queue (
  queue            STRING NOT NULL,
  sl_threshold_s   INT NOT NULL,
  first_date_local DATE NOT NULL,
  last_date_local  DATE NOT NULL
) USING delta
LOCATION '${location}'
