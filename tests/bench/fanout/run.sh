#!/usr/bin/env bash
# Fan-out benchmark: dashboard-server's socket.io endpoint against the
# raw-write floor (fanout_floor, floor.cpp: one send() per socket per event)
# and the real socket.io 4.8 server (reference_server.mjs), same driver
# (driver.mjs), same run, 1,000 and 10,000 sockets, a fresh server process
# per measurement. Builds fanout_floor into build/bench-fanout first.
#
#   tests/bench/fanout/run.sh
#
# Environment (all optional):
#   DASHBOARD_SERVER_BIN   default build/native/dashboard-server
#   FANOUT_SIZES           default "1000 10000"
#   FANOUT_IN_FLIGHT       triggers in flight in the throughput phase, default 8
#
# Sockets are split over the two demo users (the server has no signup API);
# events are triggered for alice, so fan-out goes to N/2 sockets. Prints one
# markdown table plus goal lines; logs and JSON results stay in the printed
# work directory only when FANOUT_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=tests/bench/fanout
src_bin="${DASHBOARD_SERVER_BIN:-build/native/dashboard-server}"
sizes="${FANOUT_SIZES:-1000 10000}"
[ -x "$src_bin" ] || { echo "build first: cmake --build --preset native --target dashboard-server" >&2; exit 1; }
cmake -S "$here" -B build/bench-fanout -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build/bench-fanout --target fanout_floor >/dev/null
if [ ! -d tests/node_modules/socket.io ] || [ ! -d tests/node_modules/ws ]; then
  echo "run: (cd tests && npm ci)" >&2
  exit 1
fi

# 10,000 sockets need ~10,100 descriptors in the server and in the driver.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10400 ]; then
  echo "open-files limit $(ulimit -n) is too low for 10,000 sockets" >&2
  exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${FANOUT_KEEP:-0}" = 1 ]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy: others may rebuild build/native while this runs.
bin="$work/dashboard-server"
cp "$src_bin" "$bin"
cp build/bench-fanout/fanout_floor "$work/fanout_floor"
mkdir -p "$work/site"
# Seed once outside the measured processes (password hashing and the demo
# collection would otherwise sit in the "before" RSS).
"$bin" --data-dir "$work/seed" seed --demo >/dev/null 2>&1

port_from_log() {  # log file -> port, waits up to 10 s
  local p=""
  for _ in $(seq 100); do
    p=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$1" 2>/dev/null | grep -o '[0-9]*$' || true)
    [ -n "$p" ] && { echo "$p"; return 0; }
    sleep 0.1
  done
  cat "$1" >&2
  return 1
}

measure() {  # target sockets
  local target=$1 n=$2 log="$work/$1-$2.log" pid port events rate
  if [ "$target" = ours ]; then
    cp -r "$work/seed" "$work/data-$n"
    "$bin" --port 0 --data-dir "$work/data-$n" --static-dir "$work/site" --threads 2 2>"$log" &
  elif [ "$target" = floor ]; then
    "$work/fanout_floor" 0 2>"$log" &
  else
    node "$here/reference_server.mjs" 0 2>"$log" &
  fi
  pid=$!
  pids+=("$pid")
  port=$(port_from_log "$log")
  # Latency runs at a rate the pair can sustain: 20 events/s x 500 sockets,
  # 4 events/s x 5,000 sockets (20/s would be 100,000 deliveries/s, past
  # what two shared cores deliver, and would measure queueing instead).
  if [ "$n" -ge 5000 ]; then events=50 rate=4; else events=200 rate=20; fi
  echo "== $target, $n sockets" >&2
  timeout 240 node "$here/driver.mjs" --target "$target" --port "$port" --pid "$pid" \
    --sockets "$n" --events "$events" --rate "$rate" --latency-seconds 3 \
    --in-flight "${FANOUT_IN_FLIGHT:-8}" >"$work/$target-$n.json" ||
    echo "driver failed for $target $n" >&2
  kill -TERM "$pid" 2>/dev/null || true
  # Bounded wait for a clean exit, then force.
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $sizes; do
  measure ours "$n"
  measure floor "$n"
  measure reference "$n"
done
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)" >"$work/load.txt"

# shellcheck disable=SC2086  # sizes is a word list
node "$here/report.mjs" "$work" $sizes
