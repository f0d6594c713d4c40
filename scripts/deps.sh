#!/usr/bin/env bash
# Installs everything the project needs from Debian's archive and the npm
# registry, and nothing else. Idempotent: when all is present it only checks
# and returns in a second or two.
#
#   scripts/deps.sh            everything (build, run, test)
#   DEPS_SKIP_TEST=1 ...       skip test-only packages (Chromium, npm peers)
#   DEPS_CLUSTER=1 ...         with DEPS_SKIP_TEST: still PostgreSQL and HAProxy (scripts/cluster.sh)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
deps_dir="$root/.deps"
imgui_version=1.86

# Debian packages, by the job they do. Boost is named by version on purpose:
# bookworm's default libboost-dev is 1.74, which lacks the Beast and JSON
# fixes we rely on.
build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config clang-format xz-utils
  emscripten
  libboost1.81-dev libboost-url1.81-dev
  libsqlite3-dev libsqlitecpp-dev libpq-dev libsystemd-dev libssl-dev zlib1g-dev prometheus-cpp-dev libjwt-dev libargon2-dev
  libglfw3-dev libgl-dev libstb-dev
  rapidjson-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev clang-14 libclang-rt-14-dev
  clang-tidy-14 gcovr
  fonts-inter fonts-font-awesome python3-fonttools
  fonts-wqy-microhei fonts-symbola  # fallback faces for CJK and emoji, loaded on demand
)
# PostgreSQL and HAProxy: scripts/cluster.sh and the tests start their own
# clusters and proxies, never the system services.
cluster_pkgs=(postgresql-15 haproxy curl openssl socat)
test_pkgs=(chromium xvfb xauth nodejs wrk python3-websocket sqlite3)

need=()
want=("${build_pkgs[@]}")
[ "${DEPS_SKIP_TEST:-0}" = 1 ] || want+=("${test_pkgs[@]}" "${cluster_pkgs[@]}")
[ "${DEPS_CLUSTER:-0}" != 1 ] || want+=("${cluster_pkgs[@]}")
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ImGui sources come from Debian's source package, so deb-src must be on.
src_list=/etc/apt/sources.list.d/debian-src.sources
need_src=0
[ -d "$deps_dir/imgui-$imgui_version" ] || need_src=1
if [ "$need_src" = 1 ] && [ ! -f "$src_list" ]; then
  as_root tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

if [ ${#need[@]} -gt 0 ] || [ "$need_src" = 1 ]; then
  echo "deps: apt-get update" >&2
  as_root apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "deps: installing ${need[*]}" >&2
  # No service starts on install (PostgreSQL, HAProxy): a policy-rc.d that
  # says "not now" for the duration, unless the machine has its own.
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    own_policy=1
    trap 'as_root rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if [ "$own_policy" = 1 ]; then
    as_root rm -f "$policy"
    trap - EXIT
  fi
fi

if [ "$need_src" = 1 ]; then
  echo "deps: fetching Dear ImGui $imgui_version sources (Debian source package)" >&2
  mkdir -p "$deps_dir/download"
  (cd "$deps_dir/download" && apt-get source --download-only -qq imgui >/dev/null)
  tarball=$(ls "$deps_dir"/download/imgui_${imgui_version}*.orig.tar.* | head -1)
  tmp=$(mktemp -d "$deps_dir/imgui.XXXX")
  tar -xf "$tarball" -C "$tmp"
  mv "$tmp"/* "$deps_dir/imgui-$imgui_version"
  rmdir "$tmp"
fi

# npm peers for tests (socket.io, playwright-core, cucumber, chrome-remote-interface), pinned by the
# committed lockfile. Never installs a browser: Chromium comes from Debian.
if [ "${DEPS_SKIP_TEST:-0}" != 1 ] && [ -f "$root/tests/package-lock.json" ]; then
  stamp="$root/tests/node_modules/.lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$root/tests/package-lock.json" "$stamp"; then
    echo "deps: npm ci (tests/)" >&2
    (cd "$root/tests" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    cp "$root/tests/package-lock.json" "$stamp"
  fi
fi
echo "deps: ok" >&2
