#!/usr/bin/env bash
# Runs every test: formatting, then native and WASM builds, then CTest for
# both presets (unit tests natively and under Node, server integration
# tests, the native client under Xvfb, the Chromium end-to-end tests).
# Screenshots and logs land in tests/artifacts/.
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

rm -rf tests/artifacts
passed=0
failed=0
status=0
for preset in native wasm; do
  echo "== ctest ($preset)"
  log=$(mktemp)
  ctest --preset "$preset" -j2 2>&1 | tee "$log" || status=1
  if summary=$(grep -E '[0-9]+ tests failed out of [0-9]+' "$log"); then
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
    bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$summary")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  else
    status=1
  fi
  rm -f "$log"
done

echo "== summary"
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
