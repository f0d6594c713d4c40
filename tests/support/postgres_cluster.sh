#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, in a folder of its own.
#
#   postgres_cluster.sh start STATE_DIR [PORT]  # initdb + start; writes STATE_DIR/url
#   postgres_cluster.sh down STATE_DIR          # stop it (immediate), keep the data
#   postgres_cluster.sh up STATE_DIR            # start it again
#   postgres_cluster.sh stop STATE_DIR          # stop and delete the cluster
#   postgres_cluster.sh freeze STATE_DIR        # SIGSTOP every server process (a database
#   postgres_cluster.sh thaw STATE_DIR          #   that hangs instead of refusing), SIGCONT
#
# The cluster listens on a Unix socket in a short /tmp folder (socket paths
# are limited to ~100 bytes), and also on 127.0.0.1:PORT when a port is
# given (the URL then names it), runs as the unprivileged `postgres`
# user when started by root (PostgreSQL refuses to run as root), trusts
# local connections, and skips fsync (the machine does not crash under a
# test; a killed PostgreSQL still finds every committed transaction in the
# WAL the OS holds, so "no acknowledged write lost" stays testable). The URL written to STATE_DIR/url names the `postgres` database; each
# test creates a database of its own from it. The server's log is
# STATE_DIR/postgres.log.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
command=${1:?start or stop}
state=$(mkdir -p "${2:?state dir}" && cd "$2" && pwd)

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {  # cluster dir, port or ""
  local listen="''"
  [ -n "$2" ] && listen="127.0.0.1 -p $2"
  as_owner "$bin/pg_ctl" -D "$1/data" -l "$1/postgres.log" -w -t 60 \
    -o "-k $1 -c listen_addresses=$listen -c fsync=off -c full_page_writes=off \
        -c max_connections=300" start >/dev/null
}

case "$command" in
  start)
    if [ -f "$state/cluster" ] && [ -d "$(cat "$state/cluster")/data" ]; then
      "$0" stop "$state"
    fi
    cluster=$(mktemp -d /tmp/dash-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$cluster"
    echo "$cluster" > "$state/cluster"
    port=${3:-}
    echo "$port" > "$state/port"
    as_owner "$bin/initdb" -D "$cluster/data" -A trust -U dash -E UTF8 --locale=C >/dev/null
    pg_start "$cluster" "$port"
    ln -sf "$cluster/postgres.log" "$state/postgres.log"
    if [ -n "$port" ]; then
      echo "postgresql://dash@127.0.0.1:$port/postgres" > "$state/url"
    else
      echo "postgresql://dash@/postgres?host=$cluster" > "$state/url"
    fi
    echo "postgres test cluster up: $(cat "$state/url")"
    ;;
  down)
    as_owner "$bin/pg_ctl" -D "$(cat "$state/cluster")/data" -m immediate -w stop >/dev/null
    ;;
  up)
    pg_start "$(cat "$state/cluster")" "$(cat "$state/port")"
    ;;
  freeze | thaw)
    postmaster=$(head -1 "$(cat "$state/cluster")/data/postmaster.pid")
    signal=STOP
    [ "$command" = thaw ] && signal=CONT
    # The postmaster and its children (backends, checkpointer, walwriter...):
    # the kernel still accepts connections and ACKs packets, nothing answers.
    # shellcheck disable=SC2046
    kill -"$signal" "$postmaster" $(pgrep -P "$postmaster")
    ;;
  stop)
    if [ -f "$state/cluster" ]; then
      cluster=$(cat "$state/cluster")
      if [ -d "$cluster/data" ]; then
        as_owner "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
      fi
      # Keep the server's log beside the state, for a failed run's post-mortem.
      [ -f "$cluster/postgres.log" ] && cp "$cluster/postgres.log" "$state/postgres.log.last" || true
      rm -rf "$cluster" "$state/cluster" "$state/url" "$state/port" "$state/postgres.log"
    fi
    ;;
  *)
    echo "usage: $0 start|down|up|stop|freeze|thaw STATE_DIR" >&2
    exit 2
    ;;
esac
