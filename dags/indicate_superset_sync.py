"""indicate_superset_sync: once a day, make Superset's users, roles and row-level security match the roster.

One `indicate superset sync` call; it is idempotent, so a retry or a manual run changes nothing that is already
right. It runs before the working day so that new agents can log in. It does not touch the warehouse, so it
does not wait for the warehouse pool.
"""
from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronTriggerTimetable, chain

from indicate_commands import DAGS, bash_command, secret_env
from indicate_defaults import LOCAL_TIMEZONE, task_defaults

DAG_ID = "indicate_superset_sync"

with DAG(
    dag_id=DAG_ID,
    description="Roster to Superset users, roles and row-level security",
    schedule=CronTriggerTimetable("30 5 * * *", timezone=LOCAL_TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=LOCAL_TIMEZONE),
    catchup=False,
    max_active_runs=1,
    default_args=task_defaults(
        retries=3,
        first_retry_delay=timedelta(minutes=1),
        max_retry_delay=timedelta(minutes=15),
        timeout=timedelta(minutes=30),
    ),
    tags=["indicate"],
    doc_md=__doc__,
):
    chain(*[
        BashOperator(task_id=task_id, bash_command=bash_command(args), env=secret_env(args), append_env=True)
        for task_id, args in DAGS[DAG_ID].items()
    ])
