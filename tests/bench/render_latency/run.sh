#!/usr/bin/env bash
# Change-to-render latency in Chromium at 100 mutations/s (see run.mjs).
# Needs the built server and site: ./scripts/build.sh first.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node bench/render_latency/run.mjs "$@"
