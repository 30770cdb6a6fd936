#!/usr/bin/env bash
# superset for bin/stack: up | down | status (to be built: issue 8)
set -euo pipefail
echo "superset: not installable yet" >&2
exit 1
