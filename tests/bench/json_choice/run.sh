#!/usr/bin/env bash
# Builds and runs the JSON library choice benchmark, then prints one markdown
# table. Everything goes to build/bench-json (outside the source tree):
#   native/  Google Benchmark build (ccache)    wasm/  em++ build (ccache)
#   native.json, wasm.tsv, sizes.tsv            raw results behind the table
#   *.log                                       build output, shown on failure
# Usage: tests/bench/json_choice/run.sh   (about 3 min cold on 2 cores, 1 min warm)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/build/bench-json"
mkdir -p "$out"
# Debian's emcc needs Node to find acorn in /usr/share/nodejs (TOOLCHAIN.md).
export NODE_PATH=/usr/share/nodejs

for tool in cmake ninja ccache em++ emcmake node gzip python3; do
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

configure=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
step configure-native cmake -S "$here" -B "$out/native" "${configure[@]}"
step build-native cmake --build "$out/native"
step configure-wasm emcmake cmake -S "$here" -B "$out/wasm" "${configure[@]}"
step build-wasm cmake --build "$out/wasm"

# Both benchmarks run the correctness self-check first and fail on a mismatch.
# Median of 5 short repetitions keeps the native run to about 10 s.
step bench-native "$out/native/bench_native" --benchmark_min_time=0.1 \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/native.json" --benchmark_out_format=json
# --no-experimental-fetch: Node 20's fetch breaks Emscripten 3.1.6's loader.
step bench-wasm sh -c "node --no-experimental-fetch '$out/wasm/bench_wasm.js' 0.2 >'$out/wasm.tsv'"

{
  printf 'library\topt\traw\tgzip\n'
  for opt in O2 Os; do
    for lib in baseline boost rapidjson nlohmann; do
      wasm="$out/wasm/size_${lib}_${opt}.wasm"
      # Each probe must run, not just link.
      node --no-experimental-fetch "${wasm%.wasm}.js" >/dev/null
      printf '%s\t%s\t%s\t%s\n' "$lib" "$opt" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
    done
  done
} >"$out/sizes.tsv"

python3 "$here/make_table.py" "$out"
