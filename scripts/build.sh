#!/usr/bin/env bash
# Configures and builds both presets (or the targets named in
# DASHBOARD_NATIVE_TARGETS / DASHBOARD_WASM_TARGETS). Incremental: ccache and
# Ninja make a rebuild after a one-file change take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths under the checkout are hashed relative to it, and the working
# directory is left out of the hash, so a fresh clone in another folder (CI,
# a second worktree) reuses objects this machine already compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
export NODE_PATH=/usr/share/nodejs  # Debian's node-acorn, for emcc (TOOLCHAIN.md)

configure() {  # only when the build dir is new; Ninja re-runs CMake itself after that
  [ -f "build/$1/build.ninja" ] || cmake --preset "$1" >/dev/null
}

configure native
# shellcheck disable=SC2086
cmake --build --preset native ${DASHBOARD_NATIVE_TARGETS:+--target $DASHBOARD_NATIVE_TARGETS}
configure wasm
# shellcheck disable=SC2086
cmake --build --preset wasm ${DASHBOARD_WASM_TARGETS:+--target $DASHBOARD_WASM_TARGETS}
