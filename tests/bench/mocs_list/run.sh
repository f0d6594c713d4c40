#!/usr/bin/env bash
# /mocs with 10,000 MOCs in Chromium and natively: see run.mjs.
set -euo pipefail
cd "$(dirname "$0")/../../.."
exec node tests/bench/mocs_list/run.mjs "$@"
