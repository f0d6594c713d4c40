#!/usr/bin/env bash
# Runs the dashboard scaled out on this machine: a PostgreSQL cluster in a
# data folder of its own, N dashboard-server instances on ports of their
# own, and HAProxy in front (deploy/haproxy.cfg). Prints the URL; Ctrl-C
# stops all of it. Data persists in the folder between runs.
#
#   scripts/cluster.sh                       # 2 instances, http://127.0.0.1:8080/dashboard
#   CLUSTER_INSTANCES=3 DASHBOARD_PORT=9000 scripts/cluster.sh
#   DASHBOARD_DATABASE_URL=postgres://user@db.example/dashboard scripts/cluster.sh
#                                            # an existing PostgreSQL: no local cluster
#
#   CLUSTER_DIR        where PostgreSQL's data, the instances' logs and state live (./cluster)
#   CLUSTER_INSTANCES  how many dashboard-server instances (2; HAProxy's file takes up to 8)
#   DASHBOARD_PORT     HAProxy's port (8080); instances use the next ones, PostgreSQL 5433
#   CLUSTER_SKIP_BUILD=1  use the binaries already built (tests)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

instances=${CLUSTER_INSTANCES:-2}
port=${DASHBOARD_PORT:-8080}
host=${DASHBOARD_HOST:-127.0.0.1}
state=$(mkdir -p "${CLUSTER_DIR:-./cluster}" && cd "${CLUSTER_DIR:-./cluster}" && pwd)
pg_port=${CLUSTER_PG_PORT:-5433}
server=$root/build/native/dashboard-server
pg_bin=/usr/lib/postgresql/15/bin
if [ "$instances" -lt 1 ] || [ "$instances" -gt 8 ]; then
  echo "CLUSTER_INSTANCES must be 1 to 8 (deploy/haproxy.cfg lists eight)" >&2
  exit 2
fi

if [ "${CLUSTER_SKIP_BUILD:-0}" != 1 ]; then
  DEPS_SKIP_TEST=1 DEPS_CLUSTER=1 ./scripts/deps.sh
  DASHBOARD_NATIVE_TARGETS=dashboard-server DASHBOARD_WASM_TARGETS=site ./scripts/build.sh
fi

pids=()
pg_started=0
stopping=0
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_all() {
  trap - INT TERM EXIT
  stopping=1
  echo
  echo "cluster: stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$pg_started" = 1 ]; then as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null; fi
  echo "cluster: stopped (data kept in $state)"
}
trap stop_all INT TERM EXIT

database=${DASHBOARD_DATABASE_URL:-}
if [ -z "$database" ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres
  # user, its socket lives in the state folder.
  if [ ! -d "$state/postgres" ]; then
    echo "cluster: initdb in $state/postgres"
    install -d -m 0700 "$state/postgres"
    if [ "$(id -u)" = 0 ]; then
      chown postgres:postgres "$state/postgres"
      chmod o+x "$state"
      if ! runuser -u postgres -- test -w "$state/postgres"; then
        echo "the postgres user cannot reach $state; set CLUSTER_DIR to a folder it can" \
          "(e.g. /var/tmp/dashboard-cluster)" >&2
        rm -rf "$state/postgres"
        exit 1
      fi
    fi
    as_postgres "$pg_bin/initdb" -D "$state/postgres" -A trust -U dashboard -E UTF8 --locale=C >/dev/null
  fi
  as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -l "$state/postgres/postgres.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $state/postgres" start >/dev/null
  pg_started=1
  as_postgres psql -h 127.0.0.1 -p "$pg_port" -U dashboard -d postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = 'dashboard'" | grep -q 1 ||
    as_postgres psql -h 127.0.0.1 -p "$pg_port" -U dashboard -d postgres -qc "CREATE DATABASE dashboard"
  database="postgresql://dashboard@127.0.0.1:$pg_port/dashboard"
fi

export DASHBOARD_DATABASE_URL=$database
for i in $(seq 1 "$instances"); do
  instance_port=$((port + i))
  mkdir -p "$state/instance-$i"
  "$server" --host 127.0.0.1 --port "$instance_port" --data-dir "$state/instance-$i" \
    --static-dir "$root/build/wasm/site" 2>>"$state/instance-$i.log" &
  pids+=($!)
  export "DASHBOARD_INSTANCE_$i=127.0.0.1:$instance_port"
  # Wait for this one (the first seeds the demo data on an empty database).
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$instance_port/healthz" >/dev/null 2>&1 && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "instance $i failed; see $state/instance-$i.log" >&2; exit 1; }
    sleep 0.2
  done
done

DASHBOARD_LB_BIND="$host:$port" haproxy -f "$root/deploy/haproxy.cfg" -db 2>>"$state/haproxy.log" &
pids+=($!)
for _ in $(seq 1 50); do
  curl -fs "http://$host:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

echo
echo "  MOC Dashboard (cluster): http://$host:$port/dashboard   (Ctrl-C to stop)"
echo "  $instances instances on ports $((port + 1))-$((port + instances)), HAProxy on $port"
echo "  database: $database"
logs="$state/instance-N.log, $state/haproxy.log"
[ "$pg_started" = 1 ] && logs+=", $state/postgres/postgres.log"
echo "  logs: $logs"
echo "  Demo users (created on first start): alice / alice-bricks, bob / bob-bricks"
echo
wait -n "${pids[@]}" || true
if [ "$stopping" = 0 ]; then
  echo "cluster: a process ended; stopping the rest (see the logs above)" >&2
  stop_all
fi
