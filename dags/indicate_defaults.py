"""Task defaults, failure callback and time zone shared by the Indicate DAGs (standard library only)."""
import logging
import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# The calendar the warehouse reports in; it must equal `timezone` in the indicate config, whose default this is.
# Read from the environment because a schedule's time zone is fixed when the DAG file is parsed, before any
# Variable could be rendered (and reading a Variable at parse time would hit the database every parse).
LOCAL_TIMEZONE = os.environ.get("INDICATE_TIMEZONE", "Europe/Stockholm")

# One CLI step at a time touches the Delta tables: concurrent Spark writers conflict, and on one machine two
# Spark jobs starve each other. Create it with one slot (README). The digest alone has a pool of its own (below).
WAREHOUSE_POOL = "indicate_warehouse"

# The digest's own one-slot pool (README): it holds the CLI's digest lock, not the warehouse's writer lock, because
# it only reads the marts (Delta snapshot isolation keeps a refresh's half-done writes out of its reads) and only
# writes meta.digest_log, whose rows no other DAG step writes (the nightly optimize and vacuum only compact and
# clean up its files, which Delta allows beside appends). In WAREHOUSE_POOL its many minutes of mails held up the
# 15-minute refresh; in a pool of its own two digests still never run at once (as on an object store, where the
# CLI's lock is not available).
DIGEST_POOL = "indicate_digest"

log = logging.getLogger("indicate.dags")


def report_task_failure(context):
    """One line that says which step of which run failed for good, and why; hook alerting in here."""
    ti = context["ti"]
    log.error(
        "indicate: task %s of DAG %s failed for run %s after %s tries: %s",
        ti.task_id, ti.dag_id, context.get("run_id"), ti.try_number, context.get("exception"),
    )


def task_defaults(retries, first_retry_delay, max_retry_delay, timeout):
    """default_args: retries that wait longer each time (up to max_retry_delay), a time limit, the callback."""
    return {
        "owner": "indicate",
        "retries": retries,
        "retry_delay": first_retry_delay,
        # a multiplier since Airflow 3.2 (2.0 doubles the wait); older releases read any true value the same way
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": max_retry_delay,
        "execution_timeout": timeout,
        "on_failure_callback": report_task_failure,
    }


def settled_day(dag_run):
    """The local date (YYYY-MM-DD) a nightly run settles: the day of its data interval, midnight to midnight in
    LOCAL_TIMEZONE. Airflow hands the interval over in UTC; converting back before taking the date matters, or
    every zone east of UTC would get the day before.

    A run triggered without a logical date (REST `logical_date: null`, the UI's trigger without one) has no data
    interval at all; it settles the local day before the one it was started on, which is the day a scheduled
    run starting at that moment settles.
    """
    zone = ZoneInfo(LOCAL_TIMEZONE)
    if dag_run.data_interval_start is not None:
        return dag_run.data_interval_start.astimezone(zone).date().isoformat()
    return (dag_run.run_after.astimezone(zone).date() - timedelta(days=1)).isoformat()


def nightly_run_of_settled_day(logical_date, dag_run, **_):
    """The logical date of the scheduled nightly run that settled the day `settled_day(dag_run)` names: that day's
    local midnight, the start of the nightly run's data interval. An ExternalTaskSensor's `execution_date_fn`: a DAG
    that reports on the settled day waits for that run (a fixed `execution_delta` would be an hour off across a
    change of daylight saving time)."""
    return datetime.combine(date.fromisoformat(settled_day(dag_run)), time(), tzinfo=ZoneInfo(LOCAL_TIMEZONE))
