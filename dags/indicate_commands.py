"""What every task of the Indicate DAGs runs: `indicate` CLI arguments as Jinja templates, rendered per run.

Plain data on purpose (standard library only): the DAG files build their tasks from it, and the Java test
jobs/src/test/java/io/indicate/airflow/DagCommandsMatchCliTest.java reads it with a bare python3 to check
that the CLI accepts every command, without Airflow installed.

Templates only read Airflow Variables (var.value.*), Connections (conn.*) and the run's data interval, so
nothing is looked up when a DAG file is parsed. No template may contain a single quote: bash_command quotes
each argument with single quotes before Airflow renders it.
"""
import shlex

# How the CLI starts on the worker: a launcher path ("/opt/indicate/bin/indicate") or a spark-submit prefix
# ("spark-submit --master yarn --class io.indicate.cli.IndicateCli /opt/indicate/indicate.jar"). It is the
# one unquoted part of the bash line, so that such a prefix splits into its words.
LAUNCHER = "{{ var.value.indicate_launcher }}"

# The local calendar day a nightly run settles (indicate_defaults.settled_day, a macro of the nightly DAG): the
# day of its data interval, or for a run without a logical date (and so without a data interval) the day before
# the one it started on.
LOCAL_DAY = "{{ settled_day(dag_run) }}"

CONFIG = ["--config", "{{ var.value.indicate_config }}"]

SERVING_PASSWORD_ENV = "INDICATE_SERVING_PASSWORD"
SUPERSET_PASSWORD_ENV = "INDICATE_SUPERSET_PASSWORD"
SMTP_PASSWORD_ENV = "INDICATE_SMTP_PASSWORD"

PUBLISH = [
    "publish", *CONFIG,
    "--jdbc-url", "{{ var.value.indicate_serving_jdbc_url }}",
    "--user", "{{ conn.indicate_serving.login }}",
    "--password-env", SERVING_PASSWORD_ENV,
]

# DAG id -> task id -> CLI arguments, tasks in the order they run.
DAGS = {
    # One task, one JVM and one Spark session per cycle: `refresh` ingests (idempotent by checksum), folds in
    # exactly what was ingested and not yet built (on whatever dates it falls, so late files are not lost),
    # checks the rebuilt dates and publishes only when they pass. A re-run of an interval changes nothing.
    # --defer-repeat-dates: earlier days whose calls just became repeat contacts are left to the nightly build.
    # --every/--for: with a window of 0, one cycle per run; with e.g. 13m, a warm session per run that starts a cycle
    # every indicate_refresh_every until the window is over, so new lines reach serving within about a minute
    # (dags/README.md, Variables); the run ends with its last cycle's result.
    "indicate_intraday": {
        "refresh": [
            "refresh", *CONFIG, "--defer-repeat-dates",
            "--every", "{{ var.value.indicate_refresh_every }}", "--for", "{{ var.value.indicate_refresh_window }}",
            "--queue-log", "{{ var.value.indicate_landing_queue_log }}",
            "--cdr", "{{ var.value.indicate_landing_cdr }}",
            "--crm", "{{ var.value.indicate_landing_crm }}",
            "--roster", "{{ var.value.indicate_roster }}",
            "--goals", "{{ var.value.indicate_goals }}",
            "--jdbc-url", "{{ var.value.indicate_serving_jdbc_url }}",
            "--user", "{{ conn.indicate_serving.login }}",
            "--password-env", SERVING_PASSWORD_ENV,
        ],
    },
    "indicate_nightly": {
        "build": ["build", *CONFIG, "--from", LOCAL_DAY, "--to", LOCAL_DAY],
        "check": ["check", *CONFIG, "--date", LOCAL_DAY],
        "publish": PUBLISH,
        "optimize": ["optimize", *CONFIG],
        "vacuum": ["vacuum", *CONFIG, "--retain-hours", "{{ var.value.indicate_vacuum_retain_hours }}"],
    },
    "indicate_superset_sync": {
        "sync": [
            "superset", "sync", *CONFIG,
            "--url", "{{ var.value.indicate_superset_url }}",
            "--user", "{{ conn.indicate_superset.login }}",
            "--password-env", SUPERSET_PASSWORD_ENV,
            "--roster", "{{ var.value.indicate_roster }}",
        ],
    },
    # Each person's mail about the day the nightly run settled (the DAG waits for that run's publish). Sends each
    # person's mail once per date: a retry or a re-run sends only what was not sent yet.
    "indicate_digest": {
        "digest": [
            "digest", *CONFIG,
            "--date", LOCAL_DAY,
            "--smtp-url", "{{ var.value.indicate_smtp_url }}",
            "--from", "{{ var.value.indicate_digest_from }}",
            "--user", "{{ conn.indicate_smtp.login }}",
            "--password-env", SMTP_PASSWORD_ENV,
            "--dashboard-url", "{{ var.value.indicate_dashboard_url }}",
        ],
    },
}

# Passwords reach the CLI as environment variables of the task that needs them, never as arguments (which show
# in process lists); Airflow masks connection passwords in task logs and rendered templates.
SECRET_ENV = {
    SERVING_PASSWORD_ENV: "{{ conn.indicate_serving.password }}",
    SUPERSET_PASSWORD_ENV: "{{ conn.indicate_superset.password }}",
    SMTP_PASSWORD_ENV: "{{ conn.indicate_smtp.password }}",
}


def bash_command(args):
    """The bash line of one task: the launcher, then each argument quoted so a rendered value stays one word."""
    for arg in args:
        if "'" in arg:
            raise ValueError(f"template {arg!r} contains a single quote, which breaks the quoting of bash_command")
    return " ".join([LAUNCHER, *(shlex.quote(arg) for arg in args)])


def secret_env(args):
    """The environment a task adds for the CLI: only the passwords its arguments name (--password-env VAR)."""
    return {name: template for name, template in SECRET_ENV.items() if name in args}
