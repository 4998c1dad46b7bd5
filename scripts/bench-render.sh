#!/usr/bin/env bash
# Rendering benchmark (see BENCHMARKS.md): release build, then boards of 1,000 and 5,000
# cards in headless Chromium with 4x CPU throttling. Env: CARDS, RUNS, THROTTLE.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install-tools.sh
trunk build --release
cargo build --profile server -p server --quiet
node bench/bundle-size.mjs
KARTENWAND_SERVER_BIN=target/server/kartenwand-server node bench/render.mjs
