# shellcheck shell=bash disable=SC2154,SC2034  # takes $here, sets $configure for the caller
# Sourced by run.sh and instructions.sh (after they set $here): which src/
# is measured, where the builds go, and how they are configured. The two
# scripts share $out/native, so they must configure it alike, or each run
# would reconfigure and rebuild what the other left.
root=$(cd "$here/../../.." && pwd)
out=${CLIENT_APPLY_OUT:-$root/build/bench-client-apply}
src=${CLIENT_APPLY_SRC:-$root/src}
mkdir -p "$out"
out=$(cd "$out" && pwd)
configure=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
           "-DCLIENT_APPLY_SRC=$src")
