#!/usr/bin/env bash
# A Spark standalone cluster for bin/stack: up | down | status. One master and one worker on 127.0.0.1, from
# Spark's own distribution (the pinned pyspark package: its jars and launch scripts), for running the job jar
# with spark-submit as on a real cluster (jobs/src/test/java/io/indicate/cluster/ClusterRunTest.java).
#
# up      installs pyspark (tools/stack/spark/requirements.lock) into .stack/spark/venv on first use, starts the
#         master and the worker in the background and returns 0 once the master lists the worker ALIVE
# down    stops what up started
# status  one line: running (master URL, web UI) or stopped
#
# Settings (environment): SPARK_STACK_MASTER_PORT (7077), SPARK_STACK_MASTER_WEBUI_PORT (8180),
# SPARK_STACK_WORKER_PORT (7078), SPARK_STACK_WORKER_WEBUI_PORT (8181), SPARK_STACK_WORKER_CORES (2),
# SPARK_STACK_WORKER_MEMORY (2g: what the executors may take), SPARK_STACK_START_TIMEOUT seconds (120).
# Files other tools read: .stack/spark/master (spark://127.0.0.1:7077), .stack/spark/webui (the master's web UI,
# whose /json/ lists workers and applications), .stack/spark/home (SPARK_HOME: bin/spark-submit is there).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stack="$root/.stack/spark"
lock="$root/tools/stack/spark/requirements.lock"
venv="$stack/venv"
master_port="${SPARK_STACK_MASTER_PORT:-7077}"
webui_port="${SPARK_STACK_MASTER_WEBUI_PORT:-8180}"
worker_port="${SPARK_STACK_WORKER_PORT:-7078}"
worker_webui_port="${SPARK_STACK_WORKER_WEBUI_PORT:-8181}"
master_url="spark://127.0.0.1:$master_port"
webui="http://127.0.0.1:$webui_port"
components=(master worker)

fail() { echo "spark: $*" >&2; exit 1; }

# pid_of, stop_sessions, report_status
source "$root/tools/stack/processes.sh"

# a running cluster keeps the ports it was started with: without the variables, up and status read them back
if [[ -z "${SPARK_STACK_MASTER_PORT:-}${SPARK_STACK_MASTER_WEBUI_PORT:-}" && -s "$stack/webui" && -n "$(pid_of master)" ]]; then
  master_url="$(cat "$stack/master")"
  webui="$(cat "$stack/webui")"
fi

install() {
  local want; want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [[ -x "$venv/bin/spark-submit" && "$(cat "$venv/.lock.sha256" 2>/dev/null)" == "$want" ]]; then
    return 0
  fi
  command -v python3 > /dev/null || fail "python3 not found"
  echo "spark: installing $(grep -E '^pyspark==' "$lock") from $lock into $venv (first time: a minute or two, 320 MB)"
  rm -rf "$venv"
  python3 -m venv "$venv" || fail "cannot create a virtual environment (Debian: apt-get install python3-venv)"
  if ! "$venv/bin/pip" install -q --no-deps -r "$lock" > "$stack/install.log" 2>&1; then
    fail "pip install from $lock failed; see $stack/install.log"
  fi
  echo "$want" > "$venv/.lock.sha256"
}

spark_home() { "$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'; }

# "ok", or why not: the master's own view (its web UI's JSON) of itself and its workers
health() {
  local body
  body="$(curl -s --max-time 5 "$webui/json/" 2>/dev/null)" || { echo "no answer at $webui"; return 0; }
  STATE="$body" python3 - <<'PY'
import json, os
try:
    m = json.loads(os.environ["STATE"])
except ValueError:
    print("the master's web UI answered something other than JSON"); raise SystemExit
if m.get("status") != "ALIVE":
    print("master " + str(m.get("status")))
elif not any(w.get("state") == "ALIVE" for w in m.get("workers", [])):
    print("no ALIVE worker registered yet")
else:
    print("ok")
PY
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local home="$1"
  # daemons sized for a small machine; a worker keeps each application's jar and logs under work/ (removed at
  # the next up, kept after down for reading)
  export SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 SPARK_DAEMON_MEMORY=512m SPARK_LOCAL_DIRS="$stack/tmp"
  export SPARK_NO_DAEMONIZE=1
  mkdir -p "$stack/tmp"
  if [[ -z "$(pid_of master)" ]]; then
    setsid "$home/bin/spark-class" org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port "$master_port" --webui-port "$webui_port" \
        >> "$stack/logs/master.log" 2>&1 < /dev/null &
    echo $! > "$stack/run/master.pid"
  fi
  if [[ -z "$(pid_of worker)" ]]; then
    rm -rf "$stack/work"
    setsid "$home/bin/spark-class" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --port "$worker_port" --webui-port "$worker_webui_port" \
        --cores "${SPARK_STACK_WORKER_CORES:-2}" --memory "${SPARK_STACK_WORKER_MEMORY:-2g}" \
        --work-dir "$stack/work" "$master_url" \
        >> "$stack/logs/worker.log" 2>&1 < /dev/null &
    echo $! > "$stack/run/worker.pid"
  fi
}

up() {
  mkdir -p "$stack/run" "$stack/logs"
  if [[ -n "$(pid_of master)" && -n "$(pid_of worker)" && "$(health)" == ok ]]; then
    echo "spark: already running ($master_url, web UI $webui)"
    return 0
  fi
  local t0=$SECONDS port
  command -v java > /dev/null || fail "java not found (Spark 3.5 runs on Java 17)"
  command -v curl > /dev/null || fail "curl not found"
  install
  if [[ -z "$(pid_of master)" ]]; then
    for port in "$master_port" "$webui_port"; do
      port_taken "$port" && fail "port $port is taken by another program; set SPARK_STACK_MASTER_PORT / SPARK_STACK_MASTER_WEBUI_PORT"
    done
  fi
  if [[ -z "$(pid_of worker)" ]]; then
    for port in "$worker_port" "$worker_webui_port"; do
      port_taken "$port" && fail "port $port is taken by another program; set SPARK_STACK_WORKER_PORT / SPARK_STACK_WORKER_WEBUI_PORT"
    done
  fi
  local home; home="$(spark_home)"
  start "$home"
  await_health "${SPARK_STACK_START_TIMEOUT:-120}" 1 ready
  echo "$master_url" > "$stack/master"
  echo "$webui" > "$stack/webui"
  echo "$home" > "$stack/home"
  echo "spark: running at $master_url (web UI $webui, one worker) after $((SECONDS - t0)) s"
}

down() {
  # the worker first: stopped before its master, it does not try to reconnect; its session takes its executors
  stop_sessions worker master
  rm -f "$stack/master" "$stack/webui" "$stack/home"
  echo "spark: stopped"
}

status() { report_status spark master "$master_url, web UI $webui"; }

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: tools/stack/spark.sh up|down|status" >&2; exit 2 ;;
esac
