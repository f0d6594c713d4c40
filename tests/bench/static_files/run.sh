#!/usr/bin/env bash
# Static file benchmark: dashboard-server (files in memory) against nginx
# (Debian nginx-light, gzip_static + sendfile, nginx.conf.in) serving the
# same folder, in the same run: index.html, the .wasm and a small asset, all
# with Accept-Encoding as a browser sends it, 64 keep-alive connections
# (wrk -t2). Both servers log one line per request to a file, have the same
# response headers and as many workers as I/O threads (2).
#
#   tests/bench/static_files/run.sh [SECONDS_PER_RUN]    (default 5)
#
# Environment: DASHBOARD_SERVER_BIN (default build/native/dashboard-server),
# STATIC_SITE (default build/wasm/site), BENCH_ROUNDS (default 3: each file
# is measured ROUNDS times per server, alternating which goes first; the
# table shows the median round), BENCH_CONNECTIONS (default 64).
#
# Goal: requests/s >= nginx's and p99 <= nginx's for each file. wrk shares
# the two cores with the server, so the load average is printed with the
# figures and only same-run ratios mean anything.
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=tests/bench/static_files
seconds="${1:-5}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-64}"
server_src="${DASHBOARD_SERVER_BIN:-build/native/dashboard-server}"
site="$(realpath "${STATIC_SITE:-build/wasm/site}")"
[ -x "$server_src" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[ -f "$site/index.html" ] || { echo "no site at $site: scripts/build.sh builds it" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: scripts/deps.sh installs it" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx missing: apt-get install nginx-light" >&2; exit 1; }

wasm=$(cd "$site" && ls assets/*.wasm | head -1)
small=$(cd "$site" && ls assets/boot.*.js | head -1)
[ -n "$wasm" ] && [ -n "$small" ] || { echo "site has no assets/*.wasm or assets/boot.*.js" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# A private copy: others may rebuild build/native while this runs.
cp "$server_src" "$work/dashboard-server"
"$work/dashboard-server" --port 0 --data-dir "$work/data" --static-dir "$site" --threads 2 \
  2>"$work/server.log" &
ours_pid=$!
pids+=("$ours_pid")
for _ in $(seq 300); do
  ours_port=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$work/server.log" | grep -o '[0-9]*$' || true)
  [ -n "$ours_port" ] && break
  sleep 0.1
done
[ -n "${ours_port:-}" ] || { cat "$work/server.log" >&2; exit 1; }

nginx_port=$(free_port)
sed -e "s|@WORK@|$work|g" -e "s|@SITE@|$site|g" -e "s|@PORT@|$nginx_port|g" -e "s|@WORKERS@|2|g" \
  "$here/nginx.conf.in" >"$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
pids+=("$nginx_pid")
nginx_up=0
for _ in $(seq 200); do
  curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/index.html" && { nginx_up=1; break; }
  sleep 0.1
done
[ "$nginx_up" = 1 ] || { echo "nginx did not answer in 20 s:" >&2; cat "$work/nginx-error.log" >&2; exit 1; }

# CPU seconds (user+system) of a process and its children that are alive
# (nginx's workers), from /proc.
cpu_of() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}

# Both must send the same bytes for the same request, or the race is unfair.
for path in index.html "$wasm" "$small"; do
  a=$(curl -s --compressed -H 'Accept-Encoding: gzip' "http://127.0.0.1:$ours_port/$path" | sha256sum)
  b=$(curl -s --compressed -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port/$path" | sha256sum)
  [ "$a" = "$b" ] || { echo "ours and nginx differ on /$path" >&2; exit 1; }
  enc=$(curl -s -D- -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port/$path" | grep -ci '^content-encoding: gzip' || true)
  [ "$enc" = 1 ] || { echo "nginx did not send the .gz of /$path" >&2; exit 1; }
done

run() {  # name port pid path round
  local before after
  before=$(cpu_of "$3")
  ACCEPT_ENCODING="gzip, deflate, br" wrk -t2 -c"$connections" -d"${seconds}s" --latency \
    -s tests/bench/rest_dashboard/wrk_report.lua "http://127.0.0.1:$2/$4" | tail -1 >"$work/$1.$5.json"
  after=$(cpu_of "$3")
  echo "$((after - before))" >"$work/$1.$5.cpu"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Warm both (page cache, nginx's open files, our first-use paths).
for path in index.html "$wasm" "$small"; do
  ACCEPT_ENCODING=gzip wrk -t1 -c4 -d1s -s tests/bench/rest_dashboard/wrk_report.lua "http://127.0.0.1:$ours_port/$path" >/dev/null
  ACCEPT_ENCODING=gzip wrk -t1 -c4 -d1s -s tests/bench/rest_dashboard/wrk_report.lua "http://127.0.0.1:$nginx_port/$path" >/dev/null
done
i=0
for path in index.html "$wasm" "$small"; do
  i=$((i + 1))
  for round in $(seq "$rounds"); do
    if [ $(((round + i) % 2)) = 0 ]; then
      run "ours.$i" "$ours_port" "$ours_pid" "$path" "$round"
      run "nginx.$i" "$nginx_port" "$nginx_pid" "$path" "$round"
    else
      run "nginx.$i" "$nginx_port" "$nginx_pid" "$path" "$round"
      run "ours.$i" "$ours_port" "$ours_pid" "$path" "$round"
    fi
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

node --input-type=module - "$work" "$rounds" "$connections" "$seconds" "$load_before" "$load_after" \
  index.html "$wasm" "$small" <<'JS'
import { readFileSync } from 'node:fs';
const [dir, rounds, connections, seconds, loadBefore, loadAfter, ...paths] = process.argv.slice(2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = (who, i) => {
  const runs = [];
  for (let r = 1; r <= Number(rounds); r++) {
    const x = JSON.parse(readFileSync(`${dir}/${who}.${i}.${r}.json`, 'utf8'));
    x.cpu_s = Number(readFileSync(`${dir}/${who}.${i}.${r}.cpu`, 'utf8')) / 100;  // USER_HZ
    runs.push(x);
  }
  const m = (k) => median(runs.map((x) => x[k]));
  return { rps: m('rps'), p50: m('p50_us'), p99: m('p99_us'), bytes: m('bytes_per_request'),
           errors: runs.reduce((a, x) => a + x.errors, 0),
           cpuUsPerReq: median(runs.map((x) => (x.cpu_s * 1e6) / x.requests)),
           all: runs.map((x) => Math.round(x.rps)) };
};
const ms = (us) => (us / 1000).toFixed(2);
console.log(`\nStatic files: dashboard-server (in memory) vs nginx 1.22 (gzip_static, sendfile), ` +
  `${connections} keep-alive connections, wrk -t2, ${seconds} s x ${rounds} rounds each (median shown), ` +
  `Accept-Encoding: gzip, deflate, br; both 2 workers, both logging every request.`);
console.log(`Load average before ${loadBefore}, after ${loadAfter} (2 cores).\n`);
console.log('| file | server | bytes/resp | req/s | p50 ms | p99 ms | CPU µs/req | req/s per round | ours/nginx req/s | ours/nginx p99 |');
console.log('|---|---|--:|--:|--:|--:|--:|---|--:|--:|');
const verdicts = [];
paths.forEach((path, k) => {
  const ours = load('ours', k + 1);
  const nginx = load('nginx', k + 1);
  const rr = ours.rps / nginx.rps;
  const pr = ours.p99 / nginx.p99;
  for (const [name, x] of [['dashboard-server', ours], ['nginx', nginx]]) {
    console.log(`| /${path} | ${name} | ${x.bytes} | ${x.rps.toFixed(0)} | ${ms(x.p50)} | ${ms(x.p99)} | ` +
      `${x.cpuUsPerReq.toFixed(1)} | ${x.all.join(', ')} | ${name === 'nginx' ? '' : rr.toFixed(2) + 'x'} | ` +
      `${name === 'nginx' ? '' : pr.toFixed(2) + 'x'} |`);
  }
  verdicts.push(`- /${path}: req/s ${rr.toFixed(2)}x nginx (goal >= 1: ${rr >= 1 ? 'met' : 'NOT met'}), ` +
    `p99 ${ms(ours.p99)} vs ${ms(nginx.p99)} ms (goal <= nginx: ${ours.p99 <= nginx.p99 ? 'met' : 'NOT met'})`);
  if (ours.errors || nginx.errors) process.exitCode = 1;
});
console.log('\nGoals:');
for (const v of verdicts) console.log(v);
JS
