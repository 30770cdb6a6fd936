-- silver.dim_date: the local calendar dates the warehouse has built. Key: date_local. hours_in_day is 23 on
-- the spring DST day and 25 on the autumn one, in the configured zone.
with dates as (
    select date_local from silver.dim_date
    union
    select explode(array(${indicate.dates})) as date_local
)

select
    date_local,
    year(date_local) as year,
    month(date_local) as month,
    day(date_local) as day_of_month,
    weekofyear(date_local) as iso_week,
    pmod(dayofweek(date_local) + 5, 7) + 1 as day_of_week,
    date_format(date_local, 'EEEE') as day_name,
    dayofweek(date_local) in (1, 7) as is_weekend,
    cast((unix_seconds(to_utc_timestamp(cast(date_add(date_local, 1) as timestamp), '${indicate.timezone}'))
        - unix_seconds(to_utc_timestamp(cast(date_local as timestamp), '${indicate.timezone}'))) div 3600 as int) as hours_in_day
from dates
