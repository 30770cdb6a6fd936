#!/usr/bin/env bash
# Apache Airflow for bin/stack: up | down | status.
#
# up      installs apache-airflow (pinned, from tools/stack/airflow/requirements.lock) into .stack/airflow/venv on
#         first use, starts its own PostgreSQL (the machine's server binaries, Debian's `postgresql` package,
#         installed with apt-get when missing and run as root; data in .stack/airflow/db, on 127.0.0.1 only,
#         password login), migrates Airflow's database there, creates the pool, Variables and
#         Connections the DAGs need (pointing at ./demo/ unless they exist already), starts api-server,
#         scheduler (LocalExecutor) and dag-processor in the background, and returns 0 once
#         /api/v2/monitor/health says the database, the scheduler and the dag-processor are healthy.
# down    stops what up started, PostgreSQL last.
# status  one line: running (URL) or stopped.
#
# Settings (environment): AIRFLOW_PORT (8080), AIRFLOW_ADMIN_PASSWORD (else generated once into
# .stack/airflow/admin.password, mode 0600, never printed), INDICATE_TIMEZONE (Europe/Stockholm),
# AIRFLOW_START_TIMEOUT seconds (180), AIRFLOW_DB_PORT (54330, Airflow's PostgreSQL). For the tests and the CLI, up writes .stack/airflow/url.
# The user is `admin` of Airflow's simple auth manager (JWT from POST /auth/token, as `indicate airflow` uses).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stack="$root/.stack/airflow"
lock="$root/tools/stack/airflow/requirements.lock"
venv="$stack/venv"
port="${AIRFLOW_PORT:-8080}"
db="$stack/db"
db_port="${AIRFLOW_DB_PORT:-54330}"
url="http://127.0.0.1:$port"
components=(api-server scheduler dag-processor)

fail() { echo "airflow: $*" >&2; exit 1; }

# pid_of, stop_sessions, report_status
source "$root/tools/stack/processes.sh"

# Writes stdin to a secret file that is 0600 from its creation (mktemp makes it so) and replaces the file in
# one rename: the secret is never in a file anyone else may read, not even for a moment.
write_secret() {
  local tmp; tmp="$(mktemp "$1.XXXXXX")"
  cat > "$tmp" && mv -f "$tmp" "$1"
}

# A secret kept in a 0600 file under .stack/airflow, generated on first use; printed to stdout only for $(...).
# (chmod: a file an older version of this script wrote with a wider mode is narrowed.)
secret_file() {
  local file="$stack/$1"
  if [[ ! -s "$file" ]]; then
    python3 -c 'import secrets; print(secrets.token_urlsafe(32))' | write_secret "$file"
  fi
  chmod 600 "$file"
  cat "$file"
}

install() {
  python3 -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] < (3, 15) else 1)' \
    || fail "needs python3 3.10 to 3.14 (Airflow 3.3 supports those), found $(python3 --version 2>&1)"
  local want; want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [[ -x "$venv/bin/airflow" && "$(cat "$venv/.lock.sha256" 2>/dev/null)" == "$want" ]]; then
    return 0
  fi
  echo "airflow: installing $(grep -E '^apache-airflow==' "$lock") from $lock into $venv (a minute or two)"
  rm -rf "$venv"
  python3 -m venv "$venv" || fail "cannot create a virtual environment (Debian: apt-get install python3-venv)"
  if ! "$venv/bin/pip" install -q --no-deps -r "$lock" > "$stack/install.log" 2>&1; then
    fail "pip install from $lock failed; see $stack/install.log"
  fi
  "$venv/bin/pip" check >> "$stack/install.log" 2>&1 || fail "installed packages are inconsistent; see $stack/install.log"
  echo "$want" > "$venv/.lock.sha256"
}

# The directory of PostgreSQL's server programs (initdb, pg_ctl): the newest of Debian's, else those on PATH;
# when there are none and this is root on Debian, Debian's `postgresql` package is installed first.
pg_bin() {
  newest_debian() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
  local dir
  dir="$(newest_debian)"
  if [[ -z "$dir" ]] && command -v initdb > /dev/null && command -v pg_ctl > /dev/null; then
    dir="$(dirname "$(readlink -f "$(command -v initdb)")")"
  fi
  if [[ -z "$dir" ]]; then
    [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null \
      || fail "needs PostgreSQL's server programs (initdb, pg_ctl) for Airflow's database: install Debian's postgresql"
    echo "airflow: installing Debian's postgresql for Airflow's database" >&2
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; } \
      > "$stack/apt.log" 2>&1 || fail "apt-get install postgresql failed; see $stack/apt.log"
    dir="$(newest_debian)"
    [[ -n "$dir" ]] || fail "postgresql installed, but no /usr/lib/postgresql/*/bin"
  fi
  echo "$dir"
}

# Runs a PostgreSQL server program as the user who owns the data: PostgreSQL refuses root, so root runs it as the
# `postgres` user Debian's package creates; anyone else as themselves.
as_db_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    getent passwd postgres > /dev/null || fail "running as root needs the postgres user (Debian's postgresql package creates it)"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Airflow's own database: a PostgreSQL cluster in $db listening on 127.0.0.1:$db_port only (no Unix socket), user
# airflow with the generated password db.password (0600), database airflow. Created on first use, started when not
# running; a first start drops the marker of a migrated database. Airflow on SQLite answers 503 "database is
# locked" under concurrent writes (a back-fill created while the scheduler works, seen in bin/test).
start_db() {
  local bin; bin="$(pg_bin)"
  local password; password="$(secret_file db.password)"
  if [[ ! -s "$db/PG_VERSION" ]]; then
    rm -rf "$db" "$stack/home/.migrated"
    mkdir -p "$db"
    if [[ "$(id -u)" == 0 ]]; then
      # the postgres user must reach $db: the folders above it get traverse-only access for others (711)
      local d="$db"
      while d="$(dirname "$d")"; [[ "$d" != / ]]; do
        runuser -u postgres -- test -x "$d" || chmod o+x "$d"
      done
      chown postgres: "$db"
    fi
    chmod 700 "$db"
    local pwfile; pwfile="$(mktemp "$stack/.db-pw.XXXXXX")"
    printf '%s\n' "$password" > "$pwfile"
    [[ "$(id -u)" == 0 ]] && chown postgres: "$pwfile"
    as_db_owner "$bin/initdb" -D "$db" -U airflow --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --no-locale \
      > "$stack/logs/db-init.log" 2>&1 || { rm -f "$pwfile"; fail "initdb failed; see $stack/logs/db-init.log"; }
    rm -f "$pwfile"
  fi
  if ! as_db_owner "$bin/pg_ctl" -D "$db" status > /dev/null 2>&1; then
    # the log file is the db owner's: it is written by the server
    as_db_owner "$bin/pg_ctl" -D "$db" -w -t 60 -l "$db/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $db_port -c unix_socket_directories='' -c max_connections=100" start \
      > "$stack/logs/db-start.log" 2>&1 || fail "PostgreSQL did not start on 127.0.0.1:$db_port; see $db/server.log"
  fi
  if ! PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$db_port" -U airflow -d postgres -tAc \
      "select 1 from pg_database where datname = 'airflow'" 2>> "$stack/logs/db-start.log" | grep -q 1; then
    PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$db_port" -U airflow airflow 2>> "$stack/logs/db-start.log" \
      || fail "cannot create the database airflow; see $stack/logs/db-start.log"
  fi
}

stop_db() {
  [[ -s "$db/PG_VERSION" ]] || return 0
  local bin; bin="$(pg_bin)"
  if as_db_owner "$bin/pg_ctl" -D "$db" status > /dev/null 2>&1; then
    as_db_owner "$bin/pg_ctl" -D "$db" -w -t 60 -m fast stop > /dev/null
  fi
}

configure() {
  mkdir -p "$stack/home" "$stack/run" "$stack/logs"
  local admin_password
  if [[ -n "${AIRFLOW_ADMIN_PASSWORD:-}" ]]; then
    admin_password="$AIRFLOW_ADMIN_PASSWORD"
    printf '%s\n' "$admin_password" | write_secret "$stack/admin.password"
  else
    admin_password="$(secret_file admin.password)"
  fi
  # the simple auth manager reads passwords from this JSON file; written by us so that Airflow never
  # generates (and logs) one
  ADMIN_PASSWORD="$admin_password" python3 -c \
    'import json, os; print(json.dumps({"admin": os.environ["ADMIN_PASSWORD"]}))' | write_secret "$stack/home/passwords.json"

  export AIRFLOW_HOME="$stack/home"
  export AIRFLOW__CORE__DAGS_FOLDER="$root/dags"
  export AIRFLOW__CORE__EXECUTOR=LocalExecutor
  export AIRFLOW__CORE__PARALLELISM=4
  export AIRFLOW__CORE__LOAD_EXAMPLES=False
  export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
  export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS=admin:admin
  export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$stack/home/passwords.json"
  export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="$url/execution/"
  export AIRFLOW__CORE__FERNET_KEY="$(secret_file fernet.key | python3 -c 'import base64, hashlib, sys; print(base64.urlsafe_b64encode(hashlib.sha256(sys.stdin.read().strip().encode()).digest()).decode())')"
  export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql+psycopg2://airflow:$(secret_file db.password)@127.0.0.1:$db_port/airflow"
  export AIRFLOW__API__HOST=127.0.0.1
  export AIRFLOW__API__PORT="$port"
  export AIRFLOW__API__BASE_URL="$url"
  export AIRFLOW__API__WORKERS=1
  # every component signs and checks the tasks' tokens with this secret; without a shared one tasks get 403
  export AIRFLOW__API_AUTH__JWT_SECRET="$(secret_file jwt.secret)"
  export AIRFLOW__API__SECRET_KEY="$AIRFLOW__API_AUTH__JWT_SECRET"
  export AIRFLOW__LOGGING__BASE_LOG_FOLDER="$stack/logs/tasks"
  export INDICATE_TIMEZONE="${INDICATE_TIMEZONE:-Europe/Stockholm}"
  export PATH="$venv/bin:$PATH"
}

migrate() {
  local version; version="$(grep -E '^apache-airflow==' "$lock")"
  if [[ "$(cat "$stack/home/.migrated" 2>/dev/null)" != "$version" ]]; then
    airflow db migrate > "$stack/logs/migrate.log" 2>&1 || fail "airflow db migrate failed; see $stack/logs/migrate.log"
    echo "$version" > "$stack/home/.migrated"
  fi
  # the demo's settings, for the Variables and Connections that do not exist yet (dags/README.md lists them)
  printf 'warehouse: %s\n' "$root/demo/warehouse" > "$stack/indicate-demo.yaml"
  ROOT="$root" STACK="$stack" python3 - > "$stack/defaults.json" <<'EOF'
import json, os
root, stack = os.environ["ROOT"], os.environ["STACK"]
landing = root + "/demo/landing"
print(json.dumps({
    "variables": {
        "indicate_launcher": root + "/bin/indicate",
        "indicate_config": stack + "/indicate-demo.yaml",
        "indicate_landing_queue_log": landing + "/queue_log",
        "indicate_landing_cdr": landing + "/cdr",
        "indicate_landing_crm": landing + "/crm",
        "indicate_roster": landing + "/roster.csv",
        "indicate_goals": landing + "/goals.csv",
        # the embedded PostgreSQL of `bin/indicate demo --serve`
        "indicate_serving_jdbc_url": "jdbc:postgresql://localhost:54329/indicate",
        "indicate_superset_url": "http://127.0.0.1:" + os.environ.get("SUPERSET_PORT", "8088"),
        "indicate_vacuum_retain_hours": "168",
        # each intraday run keeps its session warm for 13 minutes, a cycle every 30 s; 0 is one cold cycle per run
        # (dags/README.md, Intraday with a warm window)
        "indicate_refresh_every": "30s",
        "indicate_refresh_window": "13m",
        # the digest: a mail server on this machine (none in the demo: a digest run fails naming it until one listens)
        "indicate_smtp_url": "smtp://127.0.0.1:" + os.environ.get("INDICATE_SMTP_PORT", "25"),
        "indicate_digest_from": "indicate@localhost",
        "indicate_dashboard_url": "http://127.0.0.1:" + os.environ.get("SUPERSET_PORT", "8088"),
    },
    "connections": {
        # the demo's superuser logs in without a password (trust on loopback)
        "indicate_serving": {"conn_type": "postgres", "login": "postgres", "password": ""},
        "indicate_superset": {"conn_type": "http", "login": "admin", "password": ""},
        # no login: a local relay takes the mail as it is
        "indicate_smtp": {"conn_type": "generic", "login": "", "password": ""},
    },
}, indent=2))
EOF
  # Airflow logs its own warnings to stdout too: those go to the log, the one line of what was created is shown
  python "$root/tools/stack/airflow/provision.py" "$stack/defaults.json" >> "$stack/logs/migrate.log" 2>&1 \
    || fail "cannot create the pool, Variables and Connections; see $stack/logs/migrate.log"
  tail -n 1 "$stack/logs/migrate.log" | grep '^airflow: created' || true
}

# "ok", or why not: the health endpoint's view of the database, the scheduler and the dag-processor
health() {
  local body
  body="$(curl -s --max-time 5 "$url/api/v2/monitor/health" 2>/dev/null)" || { echo "no answer at $url"; return 0; }
  HEALTH="$body" python3 - <<'EOF'
import json, os
try:
    h = json.loads(os.environ["HEALTH"])
except ValueError:
    print("the health endpoint answered something other than JSON"); raise SystemExit
bad = [part for part in ("metadatabase", "scheduler", "dag_processor")
       if (h.get(part) or {}).get("status") != "healthy"]
print("ok" if not bad else "not healthy yet: " + ", ".join(bad))
EOF
}

start() {
  local c
  for c in "${components[@]}"; do
    [[ -n "$(pid_of "$c")" ]] && continue
    # its own session, so that down stops the component together with the processes it forked
    setsid airflow "$c" >> "$stack/logs/$c.log" 2>&1 < /dev/null &
    echo $! > "$stack/run/$c.pid"
  done
}

up() {
  mkdir -p "$stack"
  if [[ -n "$(pid_of api-server)" && "$(health)" == ok ]]; then
    echo "$url" > "$stack/url"
    echo "airflow: already running at $url"
    return 0
  fi
  local t0=$SECONDS
  install
  configure
  if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/" && [[ -z "$(pid_of api-server)" ]]; then
    fail "port $port is taken by another program; set AIRFLOW_PORT"
  fi
  start_db
  # a failed migration leaves no database server behind
  ( migrate ) || { stop_db; exit 1; }
  start
  await_health "${AIRFLOW_START_TIMEOUT:-180}" 2 healthy
  echo "$url" > "$stack/url"
  echo "airflow: running at $url after $((SECONDS - t0)) s (user admin, password in ${AIRFLOW_ADMIN_PASSWORD:+AIRFLOW_ADMIN_PASSWORD}${AIRFLOW_ADMIN_PASSWORD:-$stack/admin.password})"
}

down() {
  stop_sessions "${components[@]}"
  stop_db
  rm -f "$stack/url"
  echo "airflow: stopped"
}

status() { report_status airflow api-server "$url"; }

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: tools/stack/airflow.sh up|down|status" >&2; exit 2 ;;
esac
