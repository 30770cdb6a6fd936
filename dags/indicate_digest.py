"""indicate_digest: each morning, mail every person their own day, the day the nightly run settled.

The data interval of a run is 06:30 to 06:30 local time, so a run starting on the morning after day D reports on D
(LOCAL_DAY in indicate_commands.py, as for the nightly run). It first waits for the nightly run of D to have
published (a failed check fails this run too: nobody is mailed numbers that did not pass their checks), then runs
`indicate digest`, which sends each person's mail of D at most once: a retry, a re-run or a manual run of the same
day sends only what was not sent yet. It runs in its own one-slot pool `indicate_digest`, beside the intraday refresh
(pool `indicate_warehouse`), which it no longer holds up. A nightly run triggered by hand for D is not the scheduled one this waits for:
mark the wait as successful to send anyway.
"""
from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.sensors.external_task import ExternalTaskSensor
from airflow.sdk import DAG, CronDataIntervalTimetable, chain

from indicate_commands import DAGS, bash_command, secret_env
from indicate_defaults import DIGEST_POOL, LOCAL_TIMEZONE, nightly_run_of_settled_day, settled_day, task_defaults

DAG_ID = "indicate_digest"

with DAG(
    dag_id=DAG_ID,
    description="Mail each person their own previous day: goals, coaching list, organisation",
    schedule=CronDataIntervalTimetable("30 6 * * *", timezone=LOCAL_TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=LOCAL_TIMEZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=8),
    default_args=task_defaults(
        retries=2,
        first_retry_delay=timedelta(minutes=5),
        max_retry_delay=timedelta(minutes=30),
        timeout=timedelta(hours=1),
    ),
    user_defined_macros={"settled_day": settled_day},
    tags=["indicate"],
    doc_md=__doc__,
):
    nightly_published = ExternalTaskSensor(
        task_id="nightly_published",
        external_dag_id="indicate_nightly",
        external_task_id="publish",
        execution_date_fn=nightly_run_of_settled_day,
        allowed_states=["success"],
        failed_states=["failed", "upstream_failed"],
        # frees its worker slot between looks; gives up six hours after the run starts
        mode="reschedule",
        poke_interval=timedelta(minutes=5).total_seconds(),
        timeout=timedelta(hours=6).total_seconds(),
        retries=0,
    )
    chain(nightly_published, *[
        BashOperator(
            task_id=task_id,
            bash_command=bash_command(args),
            env=secret_env(args),
            append_env=True,
            # its own pool, not WAREHOUSE_POOL: the intraday refresh goes on while the mails go out
            pool=DIGEST_POOL,
        )
        for task_id, args in DAGS[DAG_ID].items()
    ])
