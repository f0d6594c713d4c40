#!/usr/bin/env bash
# Builds the socket.io codec fuzzer with clang++ (libFuzzer, ASan, UBSan)
# and runs it for a bounded time from the seed corpus.
#
#   tests/fuzz/run.sh                   30 seconds
#   FUZZ_SECONDS=300 tests/fuzz/run.sh  longer
#
# Exit: 0 no crash, 1 a crash or failed property (the input is saved as
# build/fuzz/crash-*), 77 skipped because clang++ or libFuzzer is missing.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/fuzz"
seconds=${FUZZ_SECONDS:-30}

cxx=""
for candidate in clang++ clang++-14; do
  if command -v "$candidate" >/dev/null; then cxx=$candidate; break; fi
done
if [ -z "$cxx" ]; then
  echo "fuzz: skipped, no clang++ (apt-get install clang-14 libclang-rt-14-dev)"
  exit 77
fi
mkdir -p "$out/obj"
probe="$out/obj/probe"
if ! printf 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }\n' |
  "$cxx" -x c++ -fsanitize=fuzzer - -o "$probe" 2>/dev/null; then
  echo "fuzz: skipped, $cxx cannot link libFuzzer (apt-get install libclang-rt-14-dev)"
  exit 77
fi

launcher=()
if command -v ccache >/dev/null; then launcher=(ccache); fi
# Every UB check is fatal except pointer-overflow, which must stay
# recoverable for ubsan.supp to silence it inside RapidJSON (see there).
flags=(-std=c++20 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
  -fsanitize-recover=pointer-overflow -O1 -g -DRAPIDJSON_HAS_STDSTRING=1 -I"$root/src")
sources=(src/core/socketio/engineio.cpp src/core/socketio/json_text.cpp
  src/core/socketio/socketio.cpp tests/fuzz/socketio_fuzz.cpp)

# One compiler per source file, in parallel; then link.
pids=()
objects=()
for source in "${sources[@]}"; do
  object="$out/obj/$(basename "$source" .cpp).o"
  objects+=("$object")
  "${launcher[@]}" "$cxx" "${flags[@]}" -c "$root/$source" -o "$object" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
"$cxx" "${flags[@]}" "${objects[@]}" -o "$out/socketio_fuzz"

# New inputs go to a working corpus under build/, never into the seeds.
work="$out/corpus-socketio"
mkdir -p "$work"
status=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/fuzz/ubsan.supp \
  "$out/socketio_fuzz" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$out/" "$work" "$root/tests/fuzz/corpus/socketio" || status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status); reproduce with $out/socketio_fuzz $out/crash-*"
  exit 1
fi
echo "fuzz: ok, no crash in ${seconds}s"
