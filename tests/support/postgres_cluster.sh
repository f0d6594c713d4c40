#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, in a folder of its own.
#
#   postgres_cluster.sh start STATE_DIR   # initdb + start; writes STATE_DIR/url
#   postgres_cluster.sh stop STATE_DIR    # stop and delete the cluster
#
# The cluster listens only on a Unix socket in a short /tmp folder (socket
# paths are limited to ~100 bytes), runs as the unprivileged `postgres`
# user when started by root (PostgreSQL refuses to run as root), trusts
# local connections, and trades durability for speed (fsync off): test data
# only. The URL written to STATE_DIR/url names the `postgres` database; each
# test creates a database of its own from it. The server's log is
# STATE_DIR/postgres.log.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
command=${1:?start or stop}
state=$(mkdir -p "${2:?state dir}" && cd "$2" && pwd)

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    if [ -f "$state/cluster" ] && [ -d "$(cat "$state/cluster")/data" ]; then
      "$0" stop "$state"
    fi
    cluster=$(mktemp -d /tmp/dash-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$cluster"
    echo "$cluster" > "$state/cluster"
    as_owner "$bin/initdb" -D "$cluster/data" -A trust -U dash -E UTF8 --locale=C >/dev/null
    log="$cluster/postgres.log"
    as_owner "$bin/pg_ctl" -D "$cluster/data" -l "$log" -w -t 60 \
      -o "-k $cluster -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
          -c full_page_writes=off -c max_connections=300" start >/dev/null
    ln -sf "$log" "$state/postgres.log"
    echo "postgresql://dash@/postgres?host=$cluster" > "$state/url"
    echo "postgres test cluster up: $(cat "$state/url")"
    ;;
  stop)
    if [ -f "$state/cluster" ]; then
      cluster=$(cat "$state/cluster")
      if [ -d "$cluster/data" ]; then
        as_owner "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
      fi
      # Keep the server's log beside the state, for a failed run's post-mortem.
      [ -f "$cluster/postgres.log" ] && cp "$cluster/postgres.log" "$state/postgres.log.last" || true
      rm -rf "$cluster" "$state/cluster" "$state/url" "$state/postgres.log"
    fi
    ;;
  *)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
