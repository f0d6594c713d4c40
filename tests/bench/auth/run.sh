#!/usr/bin/env bash
# Sign-in benchmark: POST /api/auth/login (argon2id at the server's
# parameters: 19 MiB, 2 passes, 1 lane) with wrk, against the server's own
# floor in the same run (GET /healthz), at --threads 1 and --threads 2.
# A sign-in's hash runs on the I/O thread that took the request, so the
# number of concurrent sign-ins is the number of I/O threads, and each holds
# its 19 MiB while it hashes: the report gives the peak resident memory
# (VmHWM) after the load minus before it, per I/O thread, so an operator can
# size a server (threads x that).
#
#   tests/bench/auth/run.sh [DURATION_SECONDS]     (default 10)
set -euo pipefail
cd "$(dirname "$0")/../../.."
duration="${1:-10}"
connections="${BENCH_CONNECTIONS:-8}"
server_bin="${DASHBOARD_SERVER_BIN:-build/native/dashboard-server}"
[ -x "$server_bin" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: scripts/deps.sh installs it" >&2; exit 1; }

work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT
mkdir -p "$work/site"

hwm_kib() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }

measure() {  # threads -> $work/t<threads>.{login,healthz}.json, hwm before/after
  local threads=$1
  # Seeded by another process: the server itself then has hashed nothing
  # when its peak RSS is first read.
  "$server_bin" seed --demo --data-dir "$work/data-$threads" >/dev/null
  "$server_bin" --port 0 --data-dir "$work/data-$threads" --static-dir "$work/site" \
    --threads "$threads" 2>"$work/server-$threads.log" &
  pid=$!
  local port=""
  for _ in $(seq 100); do
    port=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$work/server-$threads.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/server-$threads.log" >&2; exit 1; }
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"
  echo "$(hwm_kib "$pid")" >"$work/t$threads.hwm_before"
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 30s --latency -s tests/bench/auth/login.lua \
    "http://127.0.0.1:$port/api/auth/login" | tail -1 >"$work/t$threads.login.json"
  echo "$(hwm_kib "$pid")" >"$work/t$threads.hwm_after"
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s tests/bench/rest_dashboard/wrk_report.lua \
    "http://127.0.0.1:$port/healthz" | tail -1 >"$work/t$threads.healthz.json"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure 1
measure 2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

node --input-type=module - "$work" "$connections" "$duration" "$load_before" "$load_after" <<'JS'
import { readFileSync } from 'node:fs';
const [dir, connections, duration, loadBefore, loadAfter] = process.argv.slice(2);
const r = (name) => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
const n = (name) => Number(readFileSync(`${dir}/${name}`, 'utf8'));
console.log(`\nSign-in benchmark: argon2id m=19 MiB t=2 p=1; wrk -t2 -c${connections}, ${duration} s each`);
console.log(`Load average before ${loadBefore}, after ${loadAfter} (2 cores shared with wrk)\n`);
console.log('| server | sign-ins/s | p50 ms | p95 ms | ms per sign-in per I/O thread | GET /healthz req/s | sign-in vs /healthz | errors | peak RSS growth MiB | per concurrent sign-in MiB |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const threads of [1, 2]) {
  const login = r(`t${threads}.login.json`);
  const healthz = r(`t${threads}.healthz.json`);
  const growth = (n(`t${threads}.hwm_after`) - n(`t${threads}.hwm_before`)) / 1024;
  console.log(`| --threads ${threads} | ${login.rps.toFixed(1)} | ${(login.p50_us / 1000).toFixed(1)} | ` +
    `${(login.p95_us / 1000).toFixed(1)} | ${(threads * 1000 / login.rps).toFixed(1)} | ${healthz.rps.toFixed(0)} | ` +
    `${(login.rps / healthz.rps).toFixed(4)}x | ${login.errors} | ${growth.toFixed(1)} | ${(growth / threads).toFixed(1)} |`);
}
console.log('\nPeak RSS growth is VmHWM after the sign-in load minus before any sign-in; with');
console.log('one hash per I/O thread at a time, memory for sign-ins is about threads x 19 MiB.');
JS
