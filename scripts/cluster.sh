#!/usr/bin/env bash
# Runs the dashboard scaled out on this machine: a PostgreSQL cluster in a
# data folder of its own, N dashboard-server instances on ports of their
# own, and HAProxy in front (deploy/haproxy.cfg). Prints the URL; Ctrl-C
# (or SIGTERM) stops all of it. Data persists in the folder between runs.
# An instance or HAProxy that dies is started again after a short wait
# (1 s, doubling while it keeps dying within 10 s of its start, at most
# 16 s), and the script says so on stderr and in that process's log. The
# instances run with --demo (the demo users on an empty database) and
# --trust-forwarded-for (HAProxy sets X-Forwarded-For).
#
#   scripts/cluster.sh                       # 2 instances, http://127.0.0.1:8080/dashboard
#   CLUSTER_INSTANCES=3 DASHBOARD_PORT=9000 scripts/cluster.sh
#   DASHBOARD_DATABASE_URL=postgres://user@db.example/dashboard scripts/cluster.sh
#                                            # an existing PostgreSQL: no local cluster
#
# While it runs, from another terminal (same CLUSTER_DIR), without a reload
# of HAProxy (its runtime API, $CLUSTER_DIR/haproxy.sock) and without
# dropping a socket for longer than one reconnect:
#
#   scripts/cluster.sh scale 3     # add instances (slow-started; the busy ones move their
#                                  # excess there) or remove them (drained, stopped gracefully)
#   scripts/cluster.sh upgrade     # a rolling restart onto build/native/dashboard-server as
#                                  # it is now: one instance at a time, drained first
#
#   CLUSTER_DIR        where PostgreSQL's data, the instances' logs and state live (./cluster)
#   CLUSTER_INSTANCES  how many dashboard-server instances (2; HAProxy's file takes up to 8)
#   DASHBOARD_PORT     HAProxy's port (8080); instances use the next ones, PostgreSQL 5433
#   CLUSTER_SKIP_BUILD=1  use the binaries already built (tests)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# scale N / upgrade: a request to the running cluster, carried out by its
# supervisor (below); this waits until it is done.
if [ $# -gt 0 ]; then
  state=$(cd "${CLUSTER_DIR:-./cluster}" 2>/dev/null && pwd) || { echo "no cluster in ${CLUSTER_DIR:-./cluster}" >&2; exit 2; }
  case "$1 ${2:-}" in
    "scale "[1-8]) request="scale $2" ;;
    "upgrade ") request=upgrade ;;
    *) echo "usage: $0 [scale 1-8 | upgrade]" >&2; exit 2 ;;
  esac
  supervisor=$(cat "$state/cluster.pid" 2>/dev/null || true)
  if [ -z "$supervisor" ] || ! kill -0 "$supervisor" 2>/dev/null; then
    echo "no running cluster in $state (start one with $0)" >&2
    exit 2
  fi
  [ ! -e "$state/control" ] || { echo "the cluster is busy with: $(cat "$state/control")" >&2; exit 1; }
  echo "$request" >"$state/control"
  kill -USR1 "$supervisor"
  for _ in $(seq 1 1800); do
    [ -e "$state/control" ] || { echo "cluster: $request done"; exit 0; }
    sleep 0.2
  done
  echo "cluster: $request not done within 6 minutes; see the cluster's output" >&2
  exit 1
fi

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

declare -A instance_pid=()  # instance number -> pid
haproxy_pid=""
backoff_pid=""
pg_started=0
stopping=0
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_all() {
  trap - INT TERM EXIT
  stopping=1
  echo
  echo "cluster: stopping"
  local all=("${instance_pid[@]}") pid
  for pid in "$haproxy_pid" "$backoff_pid"; do if [ -n "$pid" ]; then all+=("$pid"); fi; done
  for pid in "${all[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${all[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$pg_started" = 1 ]; then as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null; fi
  rm -f "$state/cluster.pid" "$state/control"
  echo "cluster: stopped (data kept in $state)"
}
# A signal is the operator's stop: exit 0 without going back to what the
# signal interrupted (a restart, a wait for a port).
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

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
  mkdir -p "$state/instance-$i"
  export "DASHBOARD_INSTANCE_$i=127.0.0.1:$((port + i))"
done

declare -A started_at=() delay=()
start_instance() {  # instance number
  local i=$1
  "$server" --host 127.0.0.1 --port "$((port + i))" --data-dir "$state/instance-$i" \
    --static-dir "$root/build/wasm/site" --demo --trust-forwarded-for 2>>"$state/instance-$i.log" &
  instance_pid[$i]=$!
  started_at[instance-$i]=$SECONDS
  echo "cluster: instance $i started (pid ${instance_pid[$i]}, port $((port + i)))"
}
start_haproxy() {
  DASHBOARD_LB_BIND="$host:$port" DASHBOARD_LB_ADMIN="$state/haproxy.sock" \
    haproxy -f "$root/deploy/haproxy.cfg" -db 2>>"$state/haproxy.log" &
  haproxy_pid=$!
  started_at[haproxy]=$SECONDS
  echo "cluster: haproxy started (pid $haproxy_pid, port $port)"
}

# How long to wait before starting `name` again: 1 s, doubled each time it
# died within 10 s of its start (a crash loop must not spin), at most 16 s.
next_delay() {  # name
  local d=${delay[$1]:-0}
  if [ $((SECONDS - ${started_at[$1]})) -ge 10 ] || [ "$d" = 0 ]; then d=1; else d=$((d * 2)); fi
  [ "$d" -gt 16 ] && d=16
  delay[$1]=$d
}

# What `wait` said of a process: its exit code, or the signal that ended it.
how_it_ended() {
  if [ "$1" -gt 128 ]; then echo "signal $(kill -l $(($1 - 128)))"; else echo "code $1"; fi
}

# Restarts whatever ends until a signal stops the cluster. The backoff sleep
# is a child waited for, so a signal during it still stops everything at once.
supervise() {
  local ended status name how i
  while :; do
    if [ "$control_asked" = 1 ]; then
      control_asked=0
      carry_out "$(cat "$state/control" 2>/dev/null || true)"
      rm -f "$state/control"
    fi
    ended="" status=0
    wait -n -p ended "${instance_pid[@]}" "$haproxy_pid" || status=$?
    [ "$stopping" = 1 ] && return
    [ -n "${ended:-}" ] || continue
    how=$(how_it_ended "$status")
    name=haproxy
    for i in "${!instance_pid[@]}"; do [ "${instance_pid[$i]}" = "$ended" ] && name=instance-$i; done
    next_delay "$name"
    if [ "$name" = haproxy ]; then
      echo "cluster: haproxy exited ($how); restarting in ${delay[$name]} s" >&2
      echo "cluster: haproxy exited ($how); restarting in ${delay[$name]} s" >>"$state/haproxy.log"
    else
      i=${name#instance-}
      echo "cluster: instance $i exited ($how); restarting in ${delay[$name]} s" >&2
      # JSON like the server's own lines, so the log stays one format.
      printf '{"ts":"%s","level":"warn","msg":"cluster: instance exited; restarting","instance":%d,"pid":%d,"exit":"%s","restart_in_s":%d}\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$i" "$ended" "$how" "${delay[$name]}" >>"$state/$name.log"
    fi
    sleep "${delay[$name]}" &
    backoff_pid=$!
    wait "$backoff_pid" || true
    backoff_pid=""
    if [ "$name" = haproxy ]; then start_haproxy; else start_instance "$i"; fi
  done
}

# [SECTION] Runtime changes: scale N, upgrade (asked through $state/control + SIGUSR1)

lb() {  # one HAProxy runtime API command; its answer on stdout
  echo "$1" | socat stdio "unix-connect:$state/haproxy.sock"
}
# What deploy/haproxy.cfg's default-server gives the servers it lists:
# servers added at runtime do not inherit it.
server_words="check inter 2s fall 2 rise 1 slowstart 10s on-marked-down shutdown-sessions"
wait_healthy() {  # instance number
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$((port + $1))/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "cluster: instance $1 did not answer /healthz; see $state/instance-$1.log" >&2
  return 1
}
add_instance() {  # instance number
  local i=$1
  mkdir -p "$state/instance-$i"
  export "DASHBOARD_INSTANCE_$i=127.0.0.1:$((port + i))"  # a restarted HAProxy lists it too
  start_instance "$i"
  wait_healthy "$i" || return 0
  lb "add server instances/instance$i 127.0.0.1:$((port + i)) $server_words" >/dev/null
  lb "enable health instances/instance$i" >/dev/null
  lb "enable server instances/instance$i" >/dev/null
  echo "cluster: instance $i added to HAProxy"
}
# Drained (no new connections), then a graceful stop: its sockets close
# with a close frame and their clients reconnect to the others.
stop_instance() {  # instance number
  local i=$1 pid=${instance_pid[$1]}
  lb "set server instances/instance$i state drain" >/dev/null
  unset "instance_pid[$i]"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "cluster: instance $i stopped"
}
remove_instance() {  # instance number
  stop_instance "$1"
  unset "DASHBOARD_INSTANCE_$1"
  lb "set server instances/instance$1 state maint" >/dev/null
  lb "del server instances/instance$1" >/dev/null
  echo "cluster: instance $1 removed from HAProxy"
}
carry_out() {  # the request: "scale N" or "upgrade"
  local i
  echo "cluster: $1"
  case "$1" in
    scale\ *)
      for i in $(seq 1 "${1#scale }"); do [ -n "${instance_pid[$i]:-}" ] || add_instance "$i"; done
      for i in "${!instance_pid[@]}"; do [ "$i" -le "${1#scale }" ] || remove_instance "$i"; done
      ;;
    upgrade)
      for i in $(printf '%s\n' "${!instance_pid[@]}" | sort -n); do
        stop_instance "$i"
        start_instance "$i"
        wait_healthy "$i" || continue
        lb "set server instances/instance$i state ready" >/dev/null
        # The others move their excess to it (slow start) before the next goes.
        sleep "${CLUSTER_UPGRADE_SETTLE:-10}"
      done
      ;;
  esac
}
control_asked=0
trap 'control_asked=1' USR1
echo $$ >"$state/cluster.pid"

for i in $(seq 1 "$instances"); do
  start_instance "$i"
  # Wait for this one (the first seeds the demo data on an empty database).
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$((port + i))/healthz" >/dev/null 2>&1 && break
    kill -0 "${instance_pid[$i]}" 2>/dev/null || { echo "instance $i failed; see $state/instance-$i.log" >&2; exit 1; }
    sleep 0.2
  done
done

start_haproxy
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
echo "  Demo users (--demo, on an empty database): alice / alice-bricks (admin), bob / bob-bricks;"
echo "  their passwords are public: keep this cluster to yourself"
echo
supervise
