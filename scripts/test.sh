#!/usr/bin/env bash
# Installs what is missing, then runs every test: the Rust unit, merge and property tests,
# clippy, the release build, the server, and the end-to-end tests in headless Chromium
# against the real server.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install-tools.sh

# Each step prints the wall time of the one before it; the total comes at the end.
step_name=""
step_start=$SECONDS
step_done() {
  if [[ -n $step_name ]]; then
    printf '\033[2m-- %s: %d s\033[0m\n' "$step_name" $((SECONDS - step_start))
  fi
}
step() {
  step_done
  step_name="$*"
  step_start=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$*"
}

step "Rust tests (board model, app logic)"
cargo test --workspace --quiet

step "clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --quiet -- -D warnings

step "release build of the app (trunk)"
trunk build --release

step "server build (serves the app in the browser tests)"
cargo build -p server --quiet
cargo build --profile server -p server --quiet  # the binary scripts/run.sh starts; tests/e2e/release-binary.test.mjs

# The browser tests use the release binary built above, not a build of their own.
export KARTENWAND_RELEASE_BIN="$PWD/target/server/kartenwand-server"

step "interop with stock Yjs clients (yjs + y-websocket)"
node --test --test-concurrency=1 tests/interop/

# Every test file starts its own server on port 0 and its own browser, so files that do not
# take the network away run two at a time; the offline and storage ones (which also take
# the network away, and the large board's) and the release binary run alone.
step "browser end-to-end tests (headless Chromium)"
mapfile -t alone < <(ls tests/e2e/offline*.test.mjs tests/e2e/storage*.test.mjs tests/e2e/release-binary.test.mjs)
mapfile -t paired < <(ls tests/e2e/*.test.mjs | grep -v -e '/offline' -e '/storage' -e '/release-binary')
node --test --test-concurrency=2 "${paired[@]}"
node --test --test-concurrency=1 "${alone[@]}"
step_done
printf '\n\033[1m== all tests passed in %d s\033[0m\n' "$SECONDS"
