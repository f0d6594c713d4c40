#!/usr/bin/env bash
# Installs what is missing, builds the server and the browser client, and
# runs the dashboard on the embedded default (SQLite in ./data), with --demo:
# an empty data dir gets the demo users, whose passwords are public. Not for
# a server others can reach: run dashboard-server without --demo there.
#   DASHBOARD_HOST / DASHBOARD_PORT / DASHBOARD_DATA_DIR override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

DEPS_SKIP_TEST=1 ./scripts/deps.sh
DASHBOARD_NATIVE_TARGETS=dashboard-server DASHBOARD_WASM_TARGETS=site ./scripts/build.sh

host="${DASHBOARD_HOST:-127.0.0.1}"
port="${DASHBOARD_PORT:-8080}"
echo
echo "  MOC Dashboard: http://${host}:${port}/dashboard   (Ctrl-C to stop)"
echo "  Demo users (--demo, on an empty data dir): alice / alice-bricks (admin), bob / bob-bricks"
echo "  API token:  build/native/dashboard-server token --user alice --data-dir ${DASHBOARD_DATA_DIR:-./data}"
echo
exec build/native/dashboard-server --host "$host" --port "$port" \
  --data-dir "${DASHBOARD_DATA_DIR:-./data}" --static-dir build/wasm/site --demo
