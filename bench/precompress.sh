#!/usr/bin/env bash
# Bytes over the wire and the server's CPU time for the app's files (BENCHMARKS.md,
# "Precompressed assets"). Starts the given server binary (default: the release binary of
# this checkout, target/server/kartenwand-server) on a free port, fetches the page, the wasm,
# the script and the styles as a browser would (Accept-Encoding: gzip, deflate, br, zstd),
# prints each file's encoding and bytes on the wire, then times RUNS sequential GETs of the
# wasm by the server's own CPU time (/proc/PID/stat: user + system).
#
#   bench/precompress.sh [SERVER_BIN] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/server/kartenwand-server}"
RUNS="${2:-50}"
ACCEPT='gzip, deflate, br, zstd'

DATA="$(mktemp -d)"
LOG="$DATA/log"
"$BIN" --listen 127.0.0.1:0 --data-dir "$DATA/data" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do
  ADDR="$(grep -o '127\.0\.0\.1:[0-9]*' "$LOG" | head -1 || true)"
  [ -n "$ADDR" ] && curl -sf "http://$ADDR/api/health" >/dev/null && break
  sleep 0.1
done
URL="http://$ADDR"

HTML="$(curl -s --compressed "$URL/")"
FILES=("/" $(grep -oE '/[a-z]+-[0-9a-f]+(_bg\.wasm|\.js|\.css)' <<<"$HTML" | sort -u))
printf '%-44s %-9s %10s %10s\n' file encoding wire decoded
wire_total=0
for f in "${FILES[@]}"; do
  read -r enc wire < <(curl -s -o /dev/null -H "Accept-Encoding: $ACCEPT" \
    -w '%header{content-encoding} %{size_download}\n' "$URL$f" | awk 'NF==1{print "-", $1} NF==2{print}')
  decoded="$(curl -s --compressed "$URL$f" | wc -c)"
  printf '%-44s %-9s %10d %10d\n' "$f" "$enc" "$wire" "$decoded"
  wire_total=$((wire_total + wire))
done
echo "total on the wire: $wire_total bytes"

WASM="$(printf '%s\n' "${FILES[@]}" | grep '_bg\.wasm$')"
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
ticks="$(getconf CLK_TCK)"
before="$(cpu)"
start="$(date +%s.%N)"
for _ in $(seq "$RUNS"); do
  curl -s -o /dev/null -H "Accept-Encoding: $ACCEPT" "$URL$WASM"
done
end="$(date +%s.%N)"
after="$(cpu)"
awk -v n="$RUNS" -v c=$((after - before)) -v t="$ticks" -v s="$start" -v e="$end" 'BEGIN {
  printf "%d GETs of the wasm: server CPU %.2f s (%.1f ms per GET), wall %.2f s\n", n, c / t, 1000 * c / t / n, e - s }'
