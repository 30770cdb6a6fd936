# The background processes of a bin/stack component: each started in a session of its own (setsid) with its pid
# in $stack/run/<name>.pid. Sourced by tools/stack/airflow.sh and tools/stack/spark.sh, which set $stack and
# components (the process names), and define health (prints "ok", or why not), down and fail.

# the pid of a running process of the component, or nothing
pid_of() {
  local file="$stack/run/$1.pid"
  [[ -f "$file" ]] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# Stops the named processes in that order, each with its whole session (what it forked goes with it): TERM, up
# to 30 s to exit, then KILL; removes their pid files.
stop_sessions() {
  local name pid stopped=()
  for name in "$@"; do
    pid="$(pid_of "$name")"
    if [[ -n "$pid" ]]; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      stopped+=("$pid")
    fi
  done
  local deadline=$((SECONDS + 30))
  for pid in "${stopped[@]}"; do
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  for name in "$@"; do rm -f "$stack/run/$name.pid"; done
}

# One line for `bin/stack status`: COMPONENT running (WHERE), started but not healthy (why), or stopped (exit 1);
# MAIN is the process whose pid says whether it was started.
report_status() {
  local component="$1" main="$2" where="$3"
  if [[ -n "$(pid_of "$main")" ]]; then
    local state; state="$(health)"
    if [[ "$state" == ok ]]; then echo "$component: running ($where)"; else echo "$component: started but $state"; fi
  else
    echo "$component: stopped"
    return 1
  fi
}

# Waits until health says "ok", looking every INTERVAL seconds. If a process of the component exits, or TIMEOUT
# seconds pass, stops the component and fails with one line naming the log to read ("not WHAT after ...").
await_health() {
  local timeout="$1" interval="$2" what="$3" deadline=$((SECONDS + $1)) state c
  while true; do
    state="$(health)"
    [[ "$state" == ok ]] && return 0
    for c in "${components[@]}"; do
      [[ -n "$(pid_of "$c")" ]] || { down > /dev/null; fail "the $c exited during start-up; see $stack/logs/$c.log"; }
    done
    if (( SECONDS >= deadline )); then
      down > /dev/null
      fail "not $what after $timeout s ($state); see $stack/logs/"
    fi
    sleep "$interval"
  done
}
