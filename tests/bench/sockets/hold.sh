#!/usr/bin/env bash
# Idle sockets on one instance: dashboard-server, then socket.io 4.8
# (tests/bench/fanout/reference_server.mjs) with the same driver
# (socket_load hold): memory per socket, connect rate, and one event fanned
# out to all of them (time to the last receipt).
#
#   tests/bench/sockets/hold.sh [SOCKETS]        (default 100000)
#
# Every socket is authenticated (ours: alice's token) and in the same room,
# so the one event goes to all of them. The driver connects from 8 loopback
# source addresses (127.0.0.1-8: ~28,000 ports each toward one server
# port). Both processes need a descriptor per socket: the script raises the
# open-files limit to SOCKETS + 1,000, and when the hard limit (set by
# whoever started this shell; raising it needs CAP_SYS_RESOURCE) is lower,
# it says so and runs at the most the limit allows.
set -euo pipefail
cd "$(dirname "$0")/../../.."
wanted="${1:-100000}"
src_bin="${DASHBOARD_SERVER_BIN:-build/native/dashboard-server}"
[ -x "$src_bin" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[ -d tests/node_modules/socket.io ] || { echo "run: (cd tests && npm ci)" >&2; exit 1; }

need=$((wanted + 1000))
ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
limit=$(ulimit -n)
sockets=$wanted
if [ "$limit" != unlimited ] && [ "$limit" -lt "$need" ]; then
  sockets=$(( (limit - 300) / 100 * 100 ))
  echo "open-files hard limit is $limit (wanted $need; raising it needs CAP_SYS_RESOURCE):" \
    "running at $sockets sockets per process instead of $wanted" >&2
fi

cmake -S tests/bench/sockets -B build/bench-sockets -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build/bench-sockets >/dev/null
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${HOLD_KEEP:-0}" = 1 ]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$src_bin" "$work/dashboard-server"
cp build/bench-sockets/socket_load "$work/socket_load"
mkdir -p "$work/site"
"$work/dashboard-server" --data-dir "$work/data" seed --demo >/dev/null 2>&1

port_from_log() {  # log file -> port, waits up to 10 s
  for _ in $(seq 100); do
    p=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$1" 2>/dev/null | grep -o '[0-9]*$' || true)
    [ -n "$p" ] && { echo "$p"; return 0; }
    sleep 0.1
  done
  cat "$1" >&2
  return 1
}

stop() {  # pid
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# dashboard-server (its access log to a file, like a deployment's)
"$work/dashboard-server" --port 0 --data-dir "$work/data" --static-dir "$work/site" --threads 2 \
  2>"$work/ours.log" &
pid=$!
pids+=("$pid")
port=$(port_from_log "$work/ours.log")
token=$(curl -sf -H 'content-type: application/json' -d '{"username":"alice","password":"alice-bricks"}' \
  "http://127.0.0.1:$port/api/auth/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
echo "== dashboard-server, $sockets sockets" >&2
"$work/socket_load" hold --target ours --port "$port" --server-pid "$pid" --sockets "$sockets" \
  --token "$token" >"$work/ours.json" || echo "driver reported failures for ours" >&2
stop "$pid"

# socket.io 4.8, with room for its heap at this many sockets
node --max-old-space-size=16384 tests/bench/fanout/reference_server.mjs 0 2>"$work/reference.log" &
pid=$!
pids+=("$pid")
port=$(port_from_log "$work/reference.log")
echo "== socket.io 4.8, $sockets sockets" >&2
"$work/socket_load" hold --target reference --port "$port" --server-pid "$pid" --sockets "$sockets" \
  >"$work/reference.json" || echo "driver reported failures for socket.io" >&2
stop "$pid"

node --input-type=module - "$work" "$sockets" "$wanted" "$load_before" <<'JS'
import { readFileSync } from 'node:fs';
const [dir, sockets, wanted, loadBefore] = process.argv.slice(2);
const read = (name) => {
  try { return JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8').trim().split('\n').at(-1)); }
  catch { return undefined; }
};
const rows = [['dashboard-server', read('ours')], ['socket.io 4.8', read('reference')]];
const n = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
console.log(`\nIdle sockets: ${n(Number(sockets))} per server (asked for ${n(Number(wanted))}), one room, ` +
  `loopback, driver (C++, one thread) and server sharing 2 cores. Load average before: ${loadBefore}.\n`);
console.log('| server | connected | failed | dropped | connects/s (peak/s) | RSS/socket KB | server RSS MB | ' +
  'one event: p50 / p99 / last receipt ms | got it |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const [name, r] of rows) {
  if (!r) { console.log(`| ${name} | did not finish | | | | | | | |`); continue; }
  console.log(`| ${name} | ${n(r.connected)} | ${n(r.failed)} | ${n(r.dropped)} | ${n(r.connects_per_second)} ` +
    `(${n(r.peak_connects_per_second)}) | ${n(r.rss_per_socket_kb, 2)} | ${n(r.rss_after_kb / 1024, 0)} | ` +
    `${n(r.receipt_p50_ms, 1)} / ${n(r.receipt_p99_ms, 1)} / ${n(r.last_receipt_ms, 1)} | ${n(r.receipts)} |`);
  if (r.first_failure) console.log(`  first failure (${name}): ${r.first_failure}`);
  if (r.first_drop) console.log(`  first drop (${name}): ${r.first_drop}`);
}
const [ours, ref] = [rows[0][1], rows[1][1]];
if (ours && ref) {
  console.log(`\nours/socket.io: memory per socket ${(ours.rss_per_socket_kb / ref.rss_per_socket_kb).toFixed(3)}x, ` +
    `connect rate ${(ours.connects_per_second / ref.connects_per_second).toFixed(2)}x, ` +
    `last receipt ${(ours.last_receipt_ms / ref.last_receipt_ms).toFixed(2)}x`);
}
JS
