"""indicate_nightly: settle yesterday. Rebuild the local day completely, check it, publish, then compact and clean.

The data interval of a run is one local calendar day, midnight to midnight in INDICATE_TIMEZONE; the run starts
when that day is over. `build --from/--to` and `check --date` receive that day (see LOCAL_DAY in
indicate_commands.py), so re-running or back-filling a date rebuilds exactly that date (a run triggered without
a logical date has no data interval: it settles the day before the one it started on):
`indicate airflow backfill indicate_nightly --from 2026-11-01 --to 2026-11-07`.
A failed data-quality check fails the run with the reason in the check task's log, and nothing is published.
"""
from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronDataIntervalTimetable, chain

from indicate_commands import DAGS, bash_command, secret_env
from indicate_defaults import LOCAL_TIMEZONE, WAREHOUSE_POOL, settled_day, task_defaults

DAG_ID = "indicate_nightly"

# A failed data-quality check fails the same way when retried; stop at once so publish never runs on bad data.
NOT_RETRIED = {"check"}

# above the intraday task's weight of 1 for each of the chain's tasks (Airflow sums a task's downstream weights)
NIGHTLY_PRIORITY = 10

with DAG(
    dag_id=DAG_ID,
    description="Rebuild, check and publish the previous local day; OPTIMIZE and VACUUM",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone=LOCAL_TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=LOCAL_TIMEZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    default_args=task_defaults(
        retries=3,
        first_retry_delay=timedelta(minutes=2),
        max_retry_delay=timedelta(minutes=30),
        timeout=timedelta(hours=2),
    ),
    user_defined_macros={"settled_day": settled_day},
    tags=["indicate"],
    doc_md=__doc__,
):
    chain(*[
        BashOperator(
            task_id=task_id,
            bash_command=bash_command(args),
            env=secret_env(args),
            append_env=True,
            pool=WAREHOUSE_POOL,
            # before a waiting intraday run when the pool's slot frees: with a warm refresh window
            # (indicate_refresh_window) the intraday task holds the slot for minutes at a time
            priority_weight=NIGHTLY_PRIORITY,
            **({"retries": 0} if task_id in NOT_RETRIED else {}),
        )
        for task_id, args in DAGS[DAG_ID].items()
    ])
