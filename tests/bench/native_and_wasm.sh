# shellcheck shell=bash disable=SC2154  # $here and $out are set by the script that sources this
# Sourced by the run.sh of a benchmark that is its own CMake project built
# twice, natively (Google Benchmark, bench_native) and with em++ (bench_wasm,
# run under Node): client_apply and json_choice. Expects $here (the project)
# and $out (its build folder, which holds native/, wasm/ and the step logs).
#
#   source "$here/../native_and_wasm.sh"
#   require_tools cmake ninja ccache em++ emcmake node python3
#   build_native_and_wasm -G Ninja -DCMAKE_BUILD_TYPE=Release
#   run_native_and_wasm      # writes $out/native.json and $out/wasm.tsv

# Debian's emcc needs Node to find acorn in /usr/share/nodejs (TOOLCHAIN.md).
export NODE_PATH=/usr/share/nodejs

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool missing; run scripts/deps.sh" >&2; exit 1; }
  done
}

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

# Configures and builds $here into $out/native and $out/wasm with the same
# CMake arguments, so the two builds differ only in the compiler.
build_native_and_wasm() {
  step configure-native cmake -S "$here" -B "$out/native" "$@"
  step build-native cmake --build "$out/native"
  step configure-wasm emcmake cmake -S "$here" -B "$out/wasm" "$@"
  step build-wasm cmake --build "$out/wasm"
}

# Both benchmarks run their self-check first and fail on a mismatch.
# Median of 5 short repetitions keeps the native run to seconds.
run_native_and_wasm() {
  step bench-native "$out/native/bench_native" --benchmark_min_time=0.1 \
    --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/native.json" --benchmark_out_format=json
  # --no-experimental-fetch: Node 20's fetch breaks Emscripten 3.1.6's loader.
  step bench-wasm sh -c "node --no-experimental-fetch '$out/wasm/bench_wasm.js' 0.2 >'$out/wasm.tsv'"
}
