#!/usr/bin/env bash
# Installs what is missing, builds Kartenwand and serves it. Open the address it prints.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install-tools.sh
ADDRESS="${KARTENWAND_ADDRESS:-127.0.0.1}"
PORT="${KARTENWAND_PORT:-8080}"
echo "Kartenwand: building, then serving at http://$ADDRESS:$PORT/"
exec trunk serve --release --address "$ADDRESS" --port "$PORT" --no-autoreload
