#!/usr/bin/env bash
# Scale-out benchmark, all in one run on this machine: a PostgreSQL cluster
# (tests/support/postgres_cluster.sh), two dashboard-server instances on it,
# and one on SQLite for comparison.
#
#   tests/bench/cluster/run.sh
#
# Rows:
#   - commit-to-receipt p50 / p99, 1,000 sockets: writer and sockets on one
#     instance, next to writer on A and sockets on B (the NOTIFY hop);
#     goal: cross-instance p99 within 2 ms of single-instance p99;
#   - delivered events/s, 1,000 sockets: one instance vs sockets and
#     writers spread over two;
#   - GET /api/dashboard (1,000 MOCs, 64 connections, wrk): PostgreSQL next
#     to SQLite.
# The driver, wrk, PostgreSQL and the servers share the machine's cores,
# so absolute figures understate dedicated machines; compare within a run.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
server_bin="${DASHBOARD_SERVER_BIN:-build/native/dashboard-server}"
sockets="${CLUSTER_BENCH_SOCKETS:-1000}"
[ -x "$server_bin" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  tests/support/postgres_cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bin="$work/dashboard-server"
cp "$server_bin" "$bin"
mkdir -p "$work/site"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tests/support/postgres_cluster.sh start "$work/pg" "$pg_port" >/dev/null
admin=$(cat "$work/pg/url")
psql "$admin" -qc "CREATE DATABASE bench"
url=${admin%/postgres}/bench
secret=bench-secret-0123456789-0123456789-0123456789

declare -A port
start() {  # name, then extra flags; sets port[name]
  "$bin" --port 0 --data-dir "$work/$1" --static-dir "$work/site" --threads 2 --demo \
    --jwt-secret "$secret" "${@:2}" >/dev/null 2>"$work/$1.log" &
  pids+=($!)
  local p=""
  for _ in $(seq 200); do
    p=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$work/$1.log" | grep -o '[0-9]*$' || true)
    [ -n "$p" ] && break
    sleep 0.1
  done
  [ -n "$p" ] || { cat "$work/$1.log" >&2; exit 1; }
  port[$1]=$p
}
start a --database "$url"
start b --database "$url"
start sqlite
a=${port[a]}
b=${port[b]}
lite=${port[sqlite]}

# 1,000 MOCs for alice on each store, as in tests/bench/rest_dashboard.
mkdir -p "$work/pg-seed" "$work/lite-seed"
node tests/bench/rest_dashboard/seed_bench_user.mjs "$a" "$work/pg-seed"
node tests/bench/rest_dashboard/seed_bench_user.mjs "$lite" "$work/lite-seed"
token=$(cat "$work/pg-seed/token")
lite_token=$(cat "$work/lite-seed/token")

drive() {  # name readers writers
  node tests/bench/cluster/driver.mjs --readers "$2" --writers "$3" --token "$token" \
    --sockets "$sockets" > "$work/$1.json"
}
drive single "$a" "$a"
drive cross "$b" "$a"
drive spread "$a,$b" "$a,$b"

rest() {  # name port token
  TOKEN="$3" wrk -t2 -c64 -d10s --latency -s tests/bench/rest_dashboard/wrk_report.lua \
    "http://127.0.0.1:$2/api/dashboard" | tail -1 > "$work/$1.json"
}
rest warm_pg "$a" "$token"
rest rest_pg "$a" "$token"
rest warm_lite "$lite" "$lite_token"
rest rest_lite "$lite" "$lite_token"

node --input-type=module - "$work" "$sockets" <<'JS'
import { readFileSync } from 'node:fs';
const [dir, sockets] = process.argv.slice(2);
const r = (name) => JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8'));
const [single, cross, spread] = ['single', 'cross', 'spread'].map(r);
console.log(`\nScale-out benchmark, ${sockets} sockets, one machine (2 cores shared by everything)\n`);
console.log('| commit to receipt | p50 ms | p99 ms | deliveries |');
console.log('|---|--:|--:|--:|');
console.log(`| writer and sockets on instance A | ${single.p50_ms} | ${single.p99_ms} | ${single.latency_deliveries}/${single.latency_expected} |`);
console.log(`| writer on A, sockets on B (NOTIFY) | ${cross.p50_ms} | ${cross.p99_ms} | ${cross.latency_deliveries}/${cross.latency_expected} |`);
const gap = cross.p99_ms - single.p99_ms;
console.log(`\ncross-instance p99 - single-instance p99: ${gap} ms (goal <= 2 ms: ${gap <= 2 ? 'met' : 'not met'})\n`);
console.log('| delivery throughput | delivered events/s | vs one instance |');
console.log('|---|--:|--:|');
console.log(`| one instance (A) | ${single.delivered_per_s} | 1.00x |`);
console.log(`| two instances (sockets and writers on A and B) | ${spread.delivered_per_s} | ${(spread.delivered_per_s / single.delivered_per_s).toFixed(2)}x |`);
const [pg, lite] = [r('rest_pg'), r('rest_lite')];
const ms = (us) => (us / 1000).toFixed(2);
console.log('\n| GET /api/dashboard, 1,000 MOCs, 64 conns | req/s | p50 ms | p95 ms | p99 ms |');
console.log('|---|--:|--:|--:|--:|');
console.log(`| SQLite | ${lite.rps.toFixed(0)} | ${ms(lite.p50_us)} | ${ms(lite.p95_us)} | ${ms(lite.p99_us)} |`);
console.log(`| PostgreSQL | ${pg.rps.toFixed(0)} | ${ms(pg.p50_us)} | ${ms(pg.p95_us)} | ${ms(pg.p99_us)} |`);
console.log(`\nPostgreSQL p95 / SQLite p95: ${(pg.p95_us / lite.p95_us).toFixed(2)}x`);
JS
