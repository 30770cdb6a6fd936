#!/usr/bin/env bash
# airflow for bin/stack: up | down | status (to be built: issue 8)
set -euo pipefail
echo "airflow: not installable yet" >&2
exit 1
