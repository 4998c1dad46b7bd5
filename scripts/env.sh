# Sourced by the scripts: tool paths. wasm-opt comes from npm's binaryen (Debian's is broken).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
cd "$ROOT"
