#!/usr/bin/env bash
# Installs what is missing, builds Kartenwand (the app, then the server that carries it) and
# runs it with its SQLite store in ./data. Open the address it prints; phones on the same
# network use the LAN address it lists.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install-tools.sh
echo "Kartenwand: building the app …"
trunk build --release
echo "Kartenwand: building the server …"
cargo build --profile server -p server
exec target/server/kartenwand-server --data-dir "${KARTENWAND_DATA:-data}" "$@"
