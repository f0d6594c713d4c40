#!/usr/bin/env bash
# Reconnect storm: the server restarts (SIGTERM, as a deploy does; then
# started again on the same port) under N connected clients that reconnect
# by the product's own policy (backoff 1 s to 30 s, doubling, jitter 0.5:
# core/client's ConnectionMachine, run by socket_load storm), while a
# trickle of events goes on (STORM_EVENTS_PER_SECOND, default 1: every
# client decodes and validates each one, on the driver's one thread). Then the same with N socket.io-client 4.8
# clients (storm_socketio.mjs, the same reconnection settings) against
# socket.io 4.8 (reference_server.mjs) as the peer.
#
#   tests/bench/sockets/storm.sh [CLIENTS]      (default 10000)
#
# Reports: time from the restart until 99 % of the clients are live again,
# peak connects per second (over 1 s), the server's peak CPU and memory
# during the return (sampled every 200 ms), clients that gave up (AUTH_FAILED
# or never back) or ever went degraded, and for ours every event checked:
# gaps (a seq jump on a resumed stream), duplicates, clients behind at the end.
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=tests/bench/sockets
clients="${1:-10000}"
run_seconds="${STORM_SECONDS:-90}"
rate="${STORM_EVENTS_PER_SECOND:-1}"
src_bin="${DASHBOARD_SERVER_BIN:-build/native/dashboard-server}"
[ -x "$src_bin" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[ -d tests/node_modules/socket.io-client ] || { echo "run: (cd tests && npm ci)" >&2; exit 1; }
ulimit -n $((clients + 2000)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $((clients + 200)) ] || { echo "open-files limit $(ulimit -n) too low" >&2; exit 1; }

cmake -S "$here" -B build/bench-sockets -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build/bench-sockets >/dev/null
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${STORM_KEEP:-0}" = 1 ]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$src_bin" "$work/dashboard-server"
cp build/bench-sockets/socket_load "$work/socket_load"
mkdir -p "$work/site"
"$work/dashboard-server" --data-dir "$work/data" seed --demo >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
now_ms() { date +%s%3N; }

wait_listening() {  # log file; up to 20 s
  for _ in $(seq 200); do
    grep -q '"msg":"listening"' "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$1" >&2
  return 1
}

# Samples the current server (its pid in $work/pid) every 200 ms: epoch ms,
# CPU seconds, RSS KiB.
sampler() {
  while [ -f "$work/sampling" ]; do
    p=$(cat "$work/pid" 2>/dev/null || true)
    if [ -n "$p" ] && [ -r "/proc/$p/stat" ]; then
      cpu=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo "")
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo "")
      [ -n "$cpu" ] && [ -n "$rss" ] && echo "$(now_ms),$p,$cpu,$rss" >>"$work/$1.samples.csv"
    fi
    sleep 0.2
  done
}

# Waits until the driver's timeline shows >= 99 % live; fails after 60 s or
# when the driver is gone.
wait_live() {  # timeline driver-pid
  for _ in $(seq 600); do
    live=$(tail -1 "$1" 2>/dev/null | cut -d, -f2)
    [ -n "$live" ] && [ "$live" != live ] && [ "$live" -ge $((clients * 99 / 100)) ] && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "not 99 % live (timeline: $(tail -1 "$1")): no restart" >&2
  return 1
}

start_server() {  # name -> pid in $work/pid
  if [ "$1" = ours ]; then
    "$work/dashboard-server" --port "$port" --data-dir "$work/data" --static-dir "$work/site" --threads 2 \
      2>>"$work/ours.log" &
  else
    node --max-old-space-size=8192 tests/bench/fanout/reference_server.mjs "$port" 2>>"$work/reference.log" &
  fi
  echo $! >"$work/pid"
  pids+=("$(cat "$work/pid")")
}

storm() {  # name
  local name=$1 driver
  : >"$work/$name.log"
  start_server "$name"
  wait_listening "$work/$name.log"
  touch "$work/sampling"
  sampler "$name" &
  pids+=("$!")
  if [ "$name" = ours ]; then
    token=$(curl -sf -H 'content-type: application/json' -d '{"username":"alice","password":"alice-bricks"}' \
      "http://127.0.0.1:$port/api/auth/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
    "$work/socket_load" storm --target ours --port "$port" --clients "$clients" --token "$token" \
      --seconds "$run_seconds" --events-per-second "$rate" --timeline "$work/$name.timeline.csv" \
      >"$work/$name.json" &
  else
    node --max-old-space-size=8192 "$here/storm_socketio.mjs" --port "$port" --clients "$clients" \
      --seconds "$run_seconds" --events-per-second "$rate" --timeline "$work/$name.timeline.csv" \
      >"$work/$name.json" &
  fi
  driver=$!
  pids+=("$driver")
  sleep 1
  if ! wait_live "$work/$name.timeline.csv" "$driver"; then
    wait "$driver" || true
    rm -f "$work/sampling"
    kill -TERM "$(cat "$work/pid")" 2>/dev/null || true
    wait "$(cat "$work/pid")" 2>/dev/null || true
    return 0
  fi
  sleep 5  # steady state, events flowing
  echo "== $name: restart under $clients clients" >&2
  old=$(cat "$work/pid")
  echo "kill_ms=$(now_ms)" >"$work/$name.events"
  kill -TERM "$old"
  while kill -0 "$old" 2>/dev/null; do sleep 0.05; done
  wait "$old" 2>/dev/null || true
  echo "exited_ms=$(now_ms)" >>"$work/$name.events"
  start_server "$name"
  # The new instance's "listening" line is the second in the same log.
  for _ in $(seq 200); do
    [ "$(grep -c '"msg":"listening"' "$work/$name.log" 2>/dev/null || echo 0)" -ge 2 ] && break
    sleep 0.05
  done
  echo "listening_ms=$(now_ms)" >>"$work/$name.events"
  wait "$driver" || echo "driver for $name failed" >&2
  rm -f "$work/sampling"
  sleep 0.3
  kill -TERM "$(cat "$work/pid")" 2>/dev/null || true
  wait "$(cat "$work/pid")" 2>/dev/null || true
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
storm ours
storm reference
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)" >"$work/load.txt"
node "$here/report_storm.mjs" "$work" "$clients" "$rate"
