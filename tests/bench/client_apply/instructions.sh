#!/usr/bin/env bash
# Instructions per event, counted by callgrind: unlike events/s, the count
# does not move with the machine's load, so it compares two versions of
# src/core exactly. Builds build/bench-client-apply/native (as run.sh does)
# and prints one markdown table (stage x workload).
# Usage: tests/bench/client_apply/instructions.sh   (about 3 min on 2 cores)
# Another core: CLIENT_APPLY_SRC=<checkout>/src CLIENT_APPLY_OUT=<folder> ...
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=build_config.sh
source "$here/build_config.sh"
mkdir -p "$out/callgrind"
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind missing" >&2; exit 1; }

cmake -S "$here" -B "$out/native" "${configure[@]}" >"$out/configure-native.log"
cmake --build "$out/native" --target profile_pass >"$out/build-native.log"

passes=2
workloads=(mix recentMocAdded summaryUpdated themeBreakdownUpdated partialPartsUpdated)
header="| stage |"
for workload in "${workloads[@]}"; do header+=" $workload |"; done
echo "$header"
echo "|---|--:|--:|--:|--:|--:|"
for stage in Apply Decode Packet Parse; do
  row="| $stage |"
  for workload in "${workloads[@]}"; do
    file="$out/callgrind/$stage.$workload"
    # Only RunPass is counted: not building the workloads, not the process.
    valgrind --tool=callgrind --callgrind-out-file="$file" \
      --toggle-collect='client_apply::RunPass*' \
      "$out/native/profile_pass" "$stage" "$workload" "$passes" >/dev/null 2>&1
    ir=$(awk '/^summary:/ {print $2; exit}' "$file")
    row+=" $((ir / (passes * 1024))) |"
  done
  echo "$row"
done
