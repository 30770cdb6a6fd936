#!/usr/bin/env bash
# Apache Superset for bin/stack: up | down | status.
#
# up      installs the pinned Superset (tools/stack/superset/requirements.lock) into .stack/superset/venv on first
#         use, initialises its SQLite metadata database, ensures the admin user, starts gunicorn in the
#         background and returns 0 once GET /health answers (one clear line and exit 1 otherwise)
# down    stops what up started
# status  one line: running (URL) or stopped
#
# Environment: SUPERSET_PORT (default 8088), SUPERSET_ADMIN_PASSWORD (default: generated once into
# .stack/superset/admin_password, mode 0600), SUPERSET_SECRET_KEY (default: generated once into
# .stack/superset/secret_key, mode 0600), SUPERSET_STARTUP_TIMEOUT seconds (default 240), INDICATE_TIMEZONE
# (Europe/Stockholm; the contact centre's time zone, the `timezone` of the indicate config: Superset runs in it).
# Files other tools read: .stack/superset/url (base URL), .stack/superset/admin_password (when generated).
set -euo pipefail
umask 077   # the stack folder holds the secret key, the admin password and the metadata database
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stack="$root/.stack/superset"
venv="$stack/venv"
lock="$root/tools/stack/superset/requirements.lock"
port="${SUPERSET_PORT:-8088}"
url="http://127.0.0.1:$port"
pid_file="$stack/gunicorn.pid"
log="$stack/superset.log"
# a running Superset keeps the port it was started with: without SUPERSET_PORT, status/up/down find it by its url file
if [[ -z "${SUPERSET_PORT:-}" && -s "$stack/url" && -s "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  url="$(cat "$stack/url")"
  port="${url##*:}"
fi

fail() { echo "superset: $*" >&2; exit 1; }

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid; pid="$(cat "$pid_file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

healthy() { curl -fsS --max-time 5 "$url/health" 2>/dev/null | grep -q OK; }

# a secret from the environment, else from a 0600 file generated once: written into a file mktemp creates
# 0600, then renamed into place, so it is never readable by others (chmod narrows a file an older version
# of this script left wider)
secret_file() {
  local file="$1" tmp
  if [[ ! -s "$file" ]]; then
    tmp="$(mktemp "$file.XXXXXX")"
    python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > "$tmp" && mv -f "$tmp" "$file"
  fi
  chmod 600 "$file"
}

install() {
  [[ -f "$lock" ]] || fail "no lock file $lock"
  if [[ -x "$venv/bin/superset" ]] && cmp -s "$lock" "$venv/.installed-lock"; then return 0; fi
  command -v python3 >/dev/null || fail "python3 not found"
  echo "superset: installing from $(basename "$lock") into $venv (first time: several minutes)"
  rm -rf "$venv"
  python3 -m venv "$venv" || fail "cannot create a virtual environment with $(command -v python3)"
  if ! "$venv/bin/pip" install -q --no-deps -r "$lock" >"$stack/install.log" 2>&1; then
    fail "pip install failed; see $stack/install.log"
  fi
  cp "$lock" "$venv/.installed-lock"
}

export_environment() {
  export SUPERSET_CONFIG_PATH="$root/superset/superset_config.py"
  export SUPERSET_METADATA_DB_URI="sqlite:///$stack/superset.db"
  if [[ -z "${SUPERSET_SECRET_KEY:-}" ]]; then
    secret_file "$stack/secret_key"
    export SUPERSET_SECRET_KEY_FILE="$stack/secret_key"
  fi
  if [[ -z "${SUPERSET_ADMIN_PASSWORD:-}" ]]; then
    secret_file "$stack/admin_password"
    SUPERSET_ADMIN_PASSWORD="$(cat "$stack/admin_password")"
  else
    # a password given by the environment replaces a generated one, so readers of the file never get a stale one
    rm -f "$stack/admin_password"
  fi
  export SUPERSET_ADMIN_PASSWORD
  export FLASK_APP=superset PYTHONUNBUFFERED=1
  # Superset's "today" (the charts' 'today : tomorrow', "Last week") is the date of the process's clock, and the
  # marts hold local dates and intervals: in UTC a Stockholm dashboard shows yesterday from midnight to 01:00
  # (02:00 in summer), so Superset runs in the centre's time zone
  export TZ="${INDICATE_TIMEZONE:-Europe/Stockholm}"
  [[ -f "/usr/share/zoneinfo/$TZ" ]] || fail "INDICATE_TIMEZONE=$TZ is not a time zone of /usr/share/zoneinfo"
}

initialise() {
  # migrations and built-in roles only when the lock (the Superset version) changed since the last run
  if ! cmp -s "$lock" "$stack/.initialised-lock"; then
    "$venv/bin/superset" db upgrade >>"$log" 2>&1 || fail "superset db upgrade failed; see $log"
    "$venv/bin/superset" init >>"$log" 2>&1 || fail "superset init failed; see $log"
    cp "$lock" "$stack/.initialised-lock"
  fi
  "$venv/bin/python" "$root/superset/ensure_admin.py" >>"$log" 2>&1 || fail "cannot create or update the admin user; see $log"
}

up() {
  mkdir -p "$stack"
  chmod 700 "$stack"
  if pid="$(running_pid)"; then
    healthy && { echo "superset: already running on $url (pid $pid)"; return 0; }
  fi
  command -v curl >/dev/null || fail "curl not found"
  if curl -s --max-time 2 -o /dev/null "$url/" 2>/dev/null; then
    fail "port $port is taken by another process (set SUPERSET_PORT)"
  fi
  install
  export_environment
  initialise
  local started=$SECONDS
  # gunicorn with threads: one worker keeps memory low on a small machine; threads serve the parallel
  # chart requests of a dashboard
  nohup "$venv/bin/gunicorn" --bind "127.0.0.1:$port" --workers 1 --threads 8 --worker-class gthread \
      --timeout 120 --limit-request-line 0 --limit-request-field_size 0 \
      --pid "$pid_file" "superset.app:create_app()" >>"$log" 2>&1 &
  local launcher=$!
  local timeout="${SUPERSET_STARTUP_TIMEOUT:-240}"
  until healthy; do
    if ! kill -0 "$launcher" 2>/dev/null; then fail "gunicorn exited during start-up; see $log"; fi
    if (( SECONDS - started > timeout )); then
      kill "$launcher" 2>/dev/null || true
      fail "no answer from $url/health after ${timeout}s; see $log"
    fi
    sleep 1
  done
  echo "$url" > "$stack/url"
  local where="from SUPERSET_ADMIN_PASSWORD"
  [[ -f "$stack/admin_password" ]] && where="in $stack/admin_password"
  echo "superset: running on $url (pid $(cat "$pid_file"), started in $((SECONDS - started))s; admin password $where)"
}

down() {
  if pid="$(running_pid)"; then
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$pid_file" "$stack/url"
    echo "superset: stopped"
  else
    rm -f "$pid_file" "$stack/url"
    echo "superset: not running"
  fi
}

status() {
  if pid="$(running_pid)" && healthy; then
    echo "superset: running ($url, pid $pid)"
  elif pid="$(running_pid)"; then
    echo "superset: starting or unhealthy ($url, pid $pid)"
  else
    echo "superset: stopped"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: tools/stack/superset.sh up|down|status" >&2; exit 2 ;;
esac
