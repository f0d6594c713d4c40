#!/usr/bin/env bash
# Builds and runs the client's decode + validate + apply benchmark, natively
# (Google Benchmark) and as WASM under Node, then prints the tables README.md
# quotes. Everything goes to build/bench-client-apply (outside the source tree):
#   native/  Google Benchmark build (ccache)    wasm/  em++ build (ccache)
#   native.json, wasm.tsv                       raw results behind the tables
#   *.log                                       build and run output, shown on failure
# Usage: tests/bench/client_apply/run.sh   (about 3 min cold on 2 cores, 45 s warm)
# Before/after a core change: CLIENT_APPLY_SRC=<other checkout>/src
#   CLIENT_APPLY_OUT=<folder> tests/bench/client_apply/run.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${CLIENT_APPLY_OUT:-$root/build/bench-client-apply}
src=${CLIENT_APPLY_SRC:-$root/src}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# Debian's emcc needs Node to find acorn in /usr/share/nodejs (TOOLCHAIN.md).
export NODE_PATH=/usr/share/nodejs

for tool in cmake ninja ccache em++ emcmake node python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool missing; run scripts/deps.sh" >&2; exit 1; }
done

# Runs a step quietly into $out/<name>.log; shows the log's tail on failure.
step() {
  local name=$1
  shift
  echo "run.sh: $name" >&2
  if ! "$@" >"$out/$name.log" 2>&1; then
    tail -n 40 "$out/$name.log" >&2
    echo "run.sh: $name failed (full log: $out/$name.log)" >&2
    exit 1
  fi
}

configure=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
           "-DCLIENT_APPLY_SRC=$src")
step configure-native cmake -S "$here" -B "$out/native" "${configure[@]}"
step build-native cmake --build "$out/native"
step configure-wasm emcmake cmake -S "$here" -B "$out/wasm" "${configure[@]}"
step build-wasm cmake --build "$out/wasm"

# Both benchmarks run the self-check first (every frame decodes to the event
# it was made from; the view ends as expected) and fail on a mismatch.
# Median of 5 short repetitions keeps the native run to about 20 s.
step bench-native "$out/native/bench_native" --benchmark_min_time=0.1 \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/native.json" --benchmark_out_format=json
# --no-experimental-fetch: Node 20's fetch breaks Emscripten 3.1.6's loader.
step bench-wasm sh -c "node --no-experimental-fetch '$out/wasm/bench_wasm.js' 0.2 >'$out/wasm.tsv'"

python3 "$here/make_table.py" "$out"
