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
# shellcheck source-path=SCRIPTDIR source=../native_and_wasm.sh
source "$here/../native_and_wasm.sh"
require_tools cmake ninja ccache em++ emcmake node gzip python3

build_native_and_wasm -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
# The native run takes about 10 s.
run_native_and_wasm

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
