#!/usr/bin/env bash
# The performance report: builds the server in Release, runs every benchmark
# under tests/bench/ (REST latency, fan-out against socket.io, client apply
# throughput, change-to-render latency, page weight and idle frames) and
# writes one markdown file, tests/artifacts/perf-report.md: a summary of
# every goal line (figure, goal, met or not) and each benchmark's own table
# with its peer ratios. Not part of the test run; takes about 10 minutes.
#
#   ./scripts/perf_report.sh            # everything
#   BENCHES="rest page_weight" ./scripts/perf_report.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export NODE_PATH=/usr/share/nodejs
./scripts/deps.sh

echo "== building (Release server, wasm site)"
# -O2: GCC 12's -O3 raises false -Wstringop-overflow errors under -Werror.
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build/release --target dashboard-server
DASHBOARD_NATIVE_TARGETS=dashboard-server DASHBOARD_WASM_TARGETS=site ./scripts/build.sh
export DASHBOARD_SERVER_BIN="$PWD/build/release/dashboard-server"

out_dir=tests/artifacts/perf
mkdir -p "$out_dir"
report=tests/artifacts/perf-report.md
benches="${BENCHES:-rest fanout client_apply render_latency page_weight}"

run_bench() {  # name, command...
  local name=$1
  shift
  echo "== $name"
  local start=$SECONDS
  if "$@" >"$out_dir/$name.txt" 2>&1; then
    echo "   done in $((SECONDS - start)) s"
  else
    echo "   FAILED after $((SECONDS - start)) s (see $out_dir/$name.txt)"
    echo "(the benchmark failed; its output follows)" >>"$out_dir/$name.txt"
  fi
}

for bench in $benches; do
  case $bench in
    rest) run_bench rest tests/bench/rest_dashboard/run.sh ;;
    fanout) run_bench fanout tests/bench/fanout/run.sh ;;
    client_apply) run_bench client_apply tests/bench/client_apply/run.sh ;;
    render_latency) run_bench render_latency tests/bench/render_latency/run.sh ;;
    page_weight) run_bench page_weight node tests/bench/page_weight/run.mjs ;;
    *) echo "unknown benchmark: $bench" >&2; exit 2 ;;
  esac
done

{
  echo "# Performance report"
  echo
  echo "Commit \`$(git rev-parse --short HEAD)\`, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
       "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. Release server;" \
       "each benchmark runs its peer in the same run, so compare ratios, not absolutes."
  echo
  echo "## Goals"
  echo
  echo "| benchmark | figure against its goal |"
  echo "|---|---|"
  for bench in $benches; do
    grep -iE "goal" "$out_dir/$bench.txt" | grep -iE "met|not met" | sed 's/|/\\|/g' |
      while IFS= read -r line; do echo "| $bench | ${line//\`/} |"; done || true
  done
  for bench in $benches; do
    echo
    echo "## $bench"
    echo
    cat "$out_dir/$bench.txt"
  done
} >"$report"
echo "report: $report"
