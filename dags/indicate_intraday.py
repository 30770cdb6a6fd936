"""indicate_intraday: every 15 minutes, ingest the files that arrived, fold them into the marts, check, publish.

One task, `indicate refresh` (see indicate_commands.py): one JVM and one Spark session per cycle instead of one
per step. Ingest skips files it has seen (checksums), the build folds in exactly what was ingested since the last
build, on whatever dates it falls, and publish runs only when the checks of the rebuilt dates pass, so a retried
or repeated run leaves the tables as they are. One run at a time: a slow run delays the next one instead of
racing it.

With the Variable indicate_refresh_window above 0 (e.g. 13m) a run keeps its session warm for that window and
refreshes every indicate_refresh_every (e.g. 30s): new lines reach serving within about a minute instead of up to
15, at the cost of a JVM busy for most of each run. The nightly tasks go first when the warehouse pool's slot frees.
"""
from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronTriggerTimetable, chain

from indicate_commands import DAGS, bash_command, secret_env
from indicate_defaults import LOCAL_TIMEZONE, WAREHOUSE_POOL, task_defaults

DAG_ID = "indicate_intraday"

with DAG(
    dag_id=DAG_ID,
    description="Refresh (ingest, build, check, publish) every 15 minutes",
    schedule=CronTriggerTimetable("*/15 * * * *", timezone=LOCAL_TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=LOCAL_TIMEZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=1),
    default_args=task_defaults(
        retries=2,
        first_retry_delay=timedelta(seconds=30),
        max_retry_delay=timedelta(minutes=5),
        timeout=timedelta(minutes=30),
    ),
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
        )
        for task_id, args in DAGS[DAG_ID].items()
    ])
