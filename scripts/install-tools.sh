#!/usr/bin/env bash
# Installs what building and testing Kartenwand needs, and only what is missing:
# the wasm target, trunk, the wasm-bindgen CLI matching Cargo.lock, binaryen (npm),
# Debian's Chromium + ChromeDriver, PostgreSQL and Redis (the server's multi-node tests start
# their own on loopback ports), and the npm test packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The CLI must equal the wasm-bindgen crate in Cargo.lock, or trunk refuses the build.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# Debian packages: the browser for the end-to-end tests; PostgreSQL (initdb, pg_ctl under
# /usr/lib/postgresql/*/bin) and redis-server for the multi-node tests, which start their own
# servers. The package's default cluster and services are not needed, and not started here.
apt_packages=()
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt_packages+=(chromium chromium-driver)
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  apt_packages+=(postgresql)
fi
if ! command -v redis-server >/dev/null; then
  apt_packages+=(redis-server)
fi
if ((${#apt_packages[@]})); then
  say "installing from Debian: ${apt_packages[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

# `npm ls` fails when anything in package-lock.json is missing or of another version.
if ! npm ls --depth=0 >/dev/null 2>&1; then
  say "installing npm packages (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes about 6 minutes on a cold machine)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the locked webpki-roots of the CLI is no longer published.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
say "tools ready"
