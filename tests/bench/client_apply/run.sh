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
# shellcheck source-path=SCRIPTDIR source=build_config.sh
source "$here/build_config.sh"
# shellcheck source-path=SCRIPTDIR source=../native_and_wasm.sh
source "$here/../native_and_wasm.sh"
require_tools cmake ninja ccache em++ emcmake node python3

build_native_and_wasm "${configure[@]}"
# The self-check here: every frame decodes to the event it was made from,
# and the view ends as expected. The native run takes about 20 s.
run_native_and_wasm

python3 "$here/make_table.py" "$out"
