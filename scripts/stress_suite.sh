#!/usr/bin/env bash
# Runs the e2e and integration suites several times in a row beside a CPU hog
# (stress-ng on every core), to show the suite holds on a busy machine: a
# test that races the scheduler fails here long before it fails in CI.
#
#   scripts/stress_suite.sh [runs=3]
#
# Prints one line per run (passed / failed / seconds / load average) and, at
# the end, every test that failed in any run. Logs: tests/artifacts/stress/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}

command -v stress-ng >/dev/null || apt-get install -y --no-install-recommends stress-ng
./scripts/build.sh

out=tests/artifacts/stress
rm -rf "$out"
mkdir -p "$out"
stress-ng --cpu "$(nproc)" --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null || true' EXIT

failures=()
for run in $(seq "$runs"); do
  started=$SECONDS
  log="$out/run-$run.log"
  ctest --preset native -L '^(e2e|integration)$' -j2 >"$log" 2>&1 || true
  summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" || echo "no summary")
  echo "run $run: $summary; $((SECONDS - started)) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
  while read -r name; do failures+=("run $run: $name"); done < <(grep -E '\*\*\*Failed|\*\*\*Timeout|\(Failed\)|\(Timeout\)' "$log" | sed -E 's/^ *[0-9]+ - //; s/^ *Test +#[0-9]+: //' | sort -u)
done

if [ "${#failures[@]}" -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
  exit 1
fi
echo "stress: $runs runs, no failures"
