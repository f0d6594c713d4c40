#!/usr/bin/env bash
# Runs every test: formatting, then native and WASM builds, clang-tidy, then
# CTest for both presets (unit tests natively and under Node, server
# integration tests, the native client under Xvfb, the Chromium end-to-end
# tests), then the quality gate: unit and server integration tests again in
# the native-check build (ASan + UBSan + gcov) and line coverage of src/core
# and server/ with a floor. Screenshots, logs and the coverage report land in
# tests/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/deps.sh

echo "== clang-format"
git ls-files -z '*.cpp' '*.hpp' '*.h' | xargs -0 clang-format --dry-run --Werror
echo "formatting ok"

echo "== build"
build_start=$SECONDS
./scripts/build.sh
echo "build: $((SECONDS - build_start)) s (native + wasm)"

passed=0
failed=0
status=0
gates_failed=()

echo "== clang-tidy"
tidy_start=$SECONDS
./scripts/clang_tidy.py build/native -j 2 || { status=1; gates_failed+=(clang-tidy); }
echo "clang-tidy: $((SECONDS - tidy_start)) s"

rm -rf tests/artifacts
run_ctest() {  # preset: runs it and adds its counts to passed/failed
  local log summary total bad
  log=$(mktemp)
  ctest --preset "$1" -j2 2>&1 | tee "$log" || status=1
  if summary=$(grep -E '[0-9]+ tests failed out of [0-9]+' "$log"); then
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
    bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$summary")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  else
    status=1
  fi
  rm -f "$log"
}
for preset in native wasm; do
  echo "== ctest ($preset)"
  run_ctest "$preset"
done

# Quality gate. The test preset runs labels unit and server (the server
# integration tests drive build/check/dashboard-server, so the sanitizers see
# the real server under real traffic) with halting ASan/UBSan options that
# log to build/check/sanitizer/: a report from any process, even one whose
# test passed, fails the run.
echo "== sanitizers + coverage (native-check: ASan, UBSan, gcov)"
check_start=$SECONDS
[ -f build/check/build.ninja ] || cmake --preset native-check >/dev/null
CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" cmake --build --preset native-check
echo "native-check build: $((SECONDS - check_start)) s"
rm -rf build/check/sanitizer
find build/check -name '*.gcda' -delete
run_ctest native-check
if compgen -G 'build/check/sanitizer/*' >/dev/null; then
  echo "sanitizer reports:"
  cat build/check/sanitizer/*
  status=1
  gates_failed+=(sanitizers)
else
  echo "sanitizers: no reports"
fi

# Line-coverage floors (goal: 85 %): two points under what is achieved today
# (98.3 % core, 96.8 % server), so a new untested branch is tolerated but a
# real slide fails.
coverage_floor_core=96
coverage_floor_server=94
mkdir -p tests/artifacts/coverage
gcovr -r . --object-directory build/check -j 2 --exclude-directories 'build/check/CMakeFiles' \
  --filter 'src/core/' --filter 'server/' --exclude 'server/boost_\w+_src\.cpp' \
  --json build/check/coverage.json --txt tests/artifacts/coverage/coverage.txt \
  --html-details tests/artifacts/coverage/index.html
cat tests/artifacts/coverage/coverage.txt
for area in src/core server; do
  floor_var="coverage_floor_${area##*/}"
  # The per-area report goes to a file: gcovr replaces its output file, and
  # `-o /dev/null` turned /dev/null into a regular file (which broke apt).
  line=$(gcovr -r . -a build/check/coverage.json --filter "$area/" --print-summary \
    -o "build/check/coverage-${area##*/}.txt" | grep '^lines:')
  echo "coverage $area: $line (floor ${!floor_var} %)"
  percent=$(sed -E 's/^lines: ([0-9.]+)%.*/\1/' <<<"$line")
  if ! awk -v p="$percent" -v f="${!floor_var}" 'BEGIN { exit !(p >= f) }'; then
    echo "coverage $area: ${percent} % is below the floor of ${!floor_var} %"
    status=1
    gates_failed+=("coverage-$area")
  fi
done
echo "sanitizers + coverage: $((SECONDS - check_start)) s"

echo "== summary"
[ ${#gates_failed[@]} -eq 0 ] || echo "gates failed: ${gates_failed[*]}"
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
