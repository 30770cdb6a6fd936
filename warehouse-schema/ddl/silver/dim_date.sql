-- Local calendar dates covered by the facts. Key: date_local. hours_in_day is 23 or 25 on DST days.
CREATE TABLE IF NOT EXISTS silver.dim_date (
  date_local     DATE NOT NULL,
  year           INT NOT NULL,
  month          INT NOT NULL,
  day_of_month   INT NOT NULL,
  iso_week       INT NOT NULL,
  day_of_week    INT NOT NULL,
  day_name       STRING NOT NULL,
  is_weekend     BOOLEAN NOT NULL,
  hours_in_day   INT NOT NULL
) USING delta
LOCATION '${location}'
