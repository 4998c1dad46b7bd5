#!/usr/bin/env bash
# Fuzzing the sync endpoint (issue 12): the same seeded garbage and the security review's
# attacks against the server before the hardening (if OLD_SERVER_BIN is given), the current
# kartenwand-server, and the stock @y/websocket-server 0.1.1, each once without and once with
# the crashers (`loadgen fuzz`, see bench/loadgen/src/fuzz.rs); prints the table.
#
#   bench/fuzz.sh
#   OLD_SERVER_BIN=/work/wt-old/target/server/kartenwand-server SEED=12 DURATION=20 bench/fuzz.sh
#
# Settings (environment):
#   OLD_SERVER_BIN  a kartenwand-server built before the hardening (commit 7923238:
#                   `cargo build --profile server -p server --bin kartenwand-server` in a
#                   checkout of it); without it the "before" rows are skipped
#   SEED            seed of the garbage (default 12)
#   DURATION        seconds of attack per run (default 20)
#   ATTACKERS       attacker connections on board A (default 4)
#   FPS             frames per second per attacker (default 200; 0: as fast as possible)
#   RATE            card moves per second on board B (default 20)
#   QUIET           seconds board B works before the attack (default 3)
#   OUT             directory for the JSON summaries and server logs (default
#                   target/bench/fuzz-<time>)
#   NICE            scheduling priority of the servers and the load generator (default -10 as
#                   root, else 0)
#
# Each run starts a fresh server (ours with a temporary --data-dir and the per-IP connection
# limit off, since the attackers reconnect from 127.0.0.1 hundreds of times a second; the
# stock one in memory), runs `loadgen fuzz` against it, and stops it. A server that dies is
# reported (its exit status and the end of its log), and the next run goes on.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"   # PATH (cargo, node_modules/.bin); cd to the repo root

SEED=${SEED:-12}
DURATION=${DURATION:-20}
ATTACKERS=${ATTACKERS:-4}
FPS=${FPS:-200}
RATE=${RATE:-20}
QUIET=${QUIET:-3}
OUT=${OUT:-target/bench/fuzz-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
source bench/server.sh   # NICE, build_bench, start_kartenwand, wait_http, stop_server

if [ -n "${OLD_SERVER_BIN:-}" ] && [ ! -x "$OLD_SERVER_BIN" ]; then
  echo "OLD_SERVER_BIN=$OLD_SERVER_BIN is not an executable" >&2
  exit 1
fi

# --- builds -------------------------------------------------------------------------------
if [ ! -f node_modules/@y/websocket-server/src/server.js ] || [ ! -d node_modules/ws ]; then
  npm ci --no-audit --no-fund
fi
build_bench
CURRENT_BIN=$SERVER_BIN

start_stock() { # log-file
  PORT=$(free_port)
  HOST=127.0.0.1 PORT=$PORT nice -n "$NICE" node node_modules/@y/websocket-server/src/server.js >"$1" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$PORT/"
  URL="ws://127.0.0.1:$PORT"
}

# One run: a fresh server, `loadgen fuzz` against it, then whether the server is still there
# (its exit status in $OUT/NAME.exit if not).
run_fuzz() { # name kind server-binary crashers(0|1)
  local name=$1 kind=$2 bin=$3 crashers=$4
  local log="$OUT/$name.log" flags=()
  if [ "$crashers" = 1 ]; then flags=(--crashers); fi
  if [ "$kind" = stock ]; then
    start_stock "$log" || { echo "$name: the stock server did not start" >&2; return 0; }
  else
    SERVER_BIN=$bin start_kartenwand "$log" kartenwand-fuzz || { echo "$name: the server did not start" >&2; return 0; }
  fi
  echo
  echo "### $name (pid $SERVER_PID)"
  nice -n "$NICE" "$LOADGEN" fuzz --server "$kind" --url "$URL" --seed "$SEED" \
    --duration "$DURATION" --attackers "$ATTACKERS" --frames-per-second "$FPS" --rate "$RATE" \
    --quiet "$QUIET" --server-pid "$SERVER_PID" --label "$name" --json "$OUT/$name.json" \
    "${flags[@]}" || echo "$name: loadgen failed (status $?)"
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    local status=0
    wait "$SERVER_PID" 2>/dev/null || status=$?
    echo "$name: the server exited with status $status; the end of its log:"
    tail -n 5 "$log" | cut -c1-300
    echo "$status" >"$OUT/$name.exit"
    SERVER_PID=""
  fi
  stop_server
}

print_machine
echo "seed $SEED, $DURATION s of attack, $ATTACKERS attackers at $FPS frames/s each, board B at $RATE moves/s"
for crashers in 0 1; do
  suffix=$([ "$crashers" = 1 ] && echo "-crashers" || echo "")
  if [ -n "${OLD_SERVER_BIN:-}" ]; then
    run_fuzz "before$suffix" kartenwand "$OLD_SERVER_BIN" "$crashers"
  fi
  run_fuzz "after$suffix" kartenwand "$CURRENT_BIN" "$crashers"
  run_fuzz "stock$suffix" stock "" "$crashers"
done

# --- table --------------------------------------------------------------------------------
echo
node - "$OUT" <<'EOF_NODE' | tee "$OUT/table.md"
const fs = require('fs');
const dir = process.argv[2];
const read = (name) => {
  try { return JSON.parse(fs.readFileSync(`${dir}/${name}.json`, 'utf8')); } catch { return null; }
};
const exit = (name) => {
  try { return fs.readFileSync(`${dir}/${name}.exit`, 'utf8').trim(); } catch { return null; }
};
const num = (v, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '-');
const mib = (k) => (typeof k === 'number' ? (k / 1024).toFixed(1) : '-');
const servers = [
  ['before', 'kartenwand-server before the hardening (7923238)'],
  ['after', 'kartenwand-server now'],
  ['stock', '@y/websocket-server 0.1.1'],
];
const any = ['before', 'after', 'stock'].map(read).find(Boolean)
  ?? ['before', 'after', 'stock'].map((n) => read(`${n}-crashers`)).find(Boolean);
if (any) {
  console.log(`seed ${any.seed}, ${any.duration_s} s of attack by ${any.attackers} connections at ` +
    `${any.frames_per_second_each} frames/s each; board B: ${any.board_b.rate} moves/s, ${any.quiet_s} s quiet first`);
  console.log();
}
console.log('| server | crashers | frames sent | closed by the server | alive at end | peak RSS (MiB) | VmHWM (MiB) | board B p50 / p95 / p99 / max (ms) | board B quiet p50 / p99 (ms) | moves delivered |');
console.log('|---|---|---:|---:|---|---:|---:|---:|---:|---:|');
for (const crashers of [false, true]) {
  for (const [key, title] of servers) {
    const name = key + (crashers ? '-crashers' : '');
    const s = read(name);
    const code = exit(name);
    if (!s && !code) continue;
    const p = s?.server_process ?? {};
    let alive = s ? (p.alive_at_end ? 'yes' : 'no') : 'no';
    if (typeof p.died_after_s === 'number') alive = `**died** after ${p.died_after_s.toFixed(1)} s`;
    if (code !== null) alive += ` (exit ${code})`;
    const l = s?.board_b?.latency_ms ?? {};
    const q = s?.board_b?.latency_quiet_ms ?? {};
    const b = s?.board_b ?? {};
    console.log(`| ${title} | ${crashers ? 'yes' : 'no'} | ${s?.attack?.frames ?? '-'} | ${s?.attack?.closed_by_server ?? '-'} | ${alive} | ` +
      `${mib(p.rss_peak_kib)} | ${mib(p.hwm_kib)} | ${num(l.p50, 2)} / ${num(l.p95, 2)} / ${num(l.p99, 2)} / ${num(l.max, 2)} | ` +
      `${num(q.p50, 2)} / ${num(q.p99, 2)} | ${b.delivered_under_attack ?? '-'} / ${b.moves_under_attack ?? '-'} |`);
  }
}
EOF_NODE
echo
echo "JSON summaries and server logs: $OUT"
