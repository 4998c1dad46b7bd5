#!/usr/bin/env bash
# Sync benchmark: the same load against kartenwand-server (one node with SQLite, and two
# nodes with PostgreSQL and Redis) and the stock y-websocket server (@y/websocket-server 0.1.1
# on node), in one run, side by side with ratios.
#
#   bench/sync.sh                      # loads 200/20 and 2000/200, 1 move/s per client, 30 s each
#   LOADS="2000:200" DURATION=60 RATE=2 bench/sync.sh
#
# Settings (environment):
#   LOADS       space-separated CLIENTS:BOARDS pairs (default "200:20 2000:200")
#   RATE        card moves per second per client (default 1)
#   WARMUP      seconds of load before measuring (default 5)
#   DURATION    seconds measured (default 30)
#   OUT         directory for the JSON summaries (default target/bench/results-<time>)
#   TWO_NODES   1: also two nodes of one deployment (bench/nodes.sh), clients spread over both,
#               fan-out across the nodes reported apart; 0: not; default: when PostgreSQL and
#               Redis are installed (scripts/install-tools.sh)
#   SERVER_BIN  a kartenwand-server binary to measure instead of the one built here (before
#               and after a change, one the other's build)
#   NODE_THREADS worker threads of each of the two nodes (default: one per core, as the single
#               node); 1 gives each node one thread, as if each had one of two cores to itself
#   NICE        scheduling priority of both servers and the load generator (default -10 as
#               root, else 0): keeps other work on the machine (builds) from skewing figures;
#               the "other processes CPU" row shows how much else ran anyway
#
# Each run starts a fresh server (ours with a temporary --data-dir and the connection rate
# limit off, since all simulated clients come from 127.0.0.1; the stock one without
# persistence, its default), runs bench/loadgen against it, and stops it.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"   # PATH (cargo, node_modules/.bin); cd to the repo root

LOADS=${LOADS:-"200:20 2000:200"}
RATE=${RATE:-1}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-30}
OUT=${OUT:-target/bench/results-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
source bench/server.sh   # NICE, build_bench, start_kartenwand, wait_http, stop_server
source bench/nodes.sh    # have_nodes, start_nodes, stop_nodes
if [ -z "${TWO_NODES:-}" ]; then
  if have_nodes; then TWO_NODES=1; else TWO_NODES=0; fi
elif [ "$TWO_NODES" = 1 ] && ! have_nodes; then
  echo "TWO_NODES=1 needs PostgreSQL and Redis (scripts/install-tools.sh)" >&2
  exit 1
fi

# Every simulated client holds one socket here and one in the server under test.
want_files=65536
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want_files" ]; then
  ulimit -n "$want_files" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
echo "open files limit: $(ulimit -n)"

# --- builds -------------------------------------------------------------------------------
if [ ! -f node_modules/@y/websocket-server/src/server.js ] || [ ! -d node_modules/ws ]; then
  npm ci --no-audit --no-fund
fi
given_server=${SERVER_BIN:-}
build_bench
SERVER_BIN=${given_server:-$SERVER_BIN}

# --- servers ------------------------------------------------------------------------------
start_ours() {
  start_kartenwand "$OUT/kartenwand-server.log" kartenwand-bench
}

start_stock() {
  PORT=$(free_port)
  HOST=127.0.0.1 PORT=$PORT nice -n "$NICE" node node_modules/@y/websocket-server/src/server.js >"$OUT/stock-server.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$PORT/"
  URL="ws://127.0.0.1:$PORT"
}

run_load() { # kind clients boards
  local kind=$1 clients=$2 boards=$3 server=$1 second=()
  case "$kind" in
    kartenwand) start_ours ;;
    nodes) start_nodes "$OUT/nodes"; server=kartenwand; second=(--second-url "$SECOND_URL"); SERVER_PID=$NODE_A_PID ;;
    *) start_stock ;;
  esac
  echo
  echo "### $kind: $clients clients in $boards boards (pid $SERVER_PID)"
  nice -n "$NICE" "$LOADGEN" --server "$server" --url "$URL" "${second[@]}" --clients "$clients" --boards "$boards" \
    --rate "$RATE" --warmup "$WARMUP" --duration "$DURATION" --server-pid "$SERVER_PID" \
    --label "$kind $clients/$boards" --json "$OUT/$kind-$clients-$boards.json"
  if [ "$kind" = nodes ]; then
    # Where the time goes on each node (catch-up, store, relay fan-out histograms).
    curl -fsS "$URL/metrics" >"$OUT/nodes-$clients-$boards-metrics-a.txt" || true
    curl -fsS "$SECOND_URL/metrics" >"$OUT/nodes-$clients-$boards-metrics-b.txt" || true
    SERVER_PID=""; stop_nodes
  else stop_server; fi
}

print_machine
for load in $LOADS; do
  clients=${load%%:*}
  boards=${load##*:}
  run_load kartenwand "$clients" "$boards"
  if [ "$TWO_NODES" = 1 ]; then run_load nodes "$clients" "$boards"; fi
  run_load stock "$clients" "$boards"
done

# --- table --------------------------------------------------------------------------------
echo
node - "$OUT" $LOADS <<'EOF_NODE' | tee "$OUT/table.md"
const fs = require('fs');
const [dir, ...loads] = process.argv.slice(2);
const read = (kind, load) => {
  const [c, b] = load.split(':');
  try { return JSON.parse(fs.readFileSync(`${dir}/${kind}-${c}-${b}.json`, 'utf8')); } catch { return null; }
};
const num = (v, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '-');
const mib = (k) => (typeof k === 'number' ? (k / 1024).toFixed(1) : '-');
const ratio = (a, b, d = 2) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? (a / b).toFixed(d) : '-');
const rows = [
  ['connected clients', (s) => s.connected, null],
  ['fan-out p50 (ms)', (s) => s.latency_ms.p50, 2],
  ['fan-out p95 (ms)', (s) => s.latency_ms.p95, 2],
  ['fan-out p99 (ms)', (s) => s.latency_ms.p99, 2],
  ['fan-out p99.9 (ms)', (s) => s.latency_ms.p999, 2],
  ['fan-out max (ms)', (s) => s.latency_ms.max, 2],
  ['stored ack p99 (ms)', (s) => s.stored_ack_ms.p99, 2],
  ['updates sent /s', (s) => s.sent_per_s, 0],
  ['updates received /s', (s) => s.received_per_s, 0],
  ['delivered / expected', (s) => s.delivery_ratio, 4],
  ['errors (connect + disconnect + protocol)', (s) => s.errors.connect + s.errors.disconnects + s.errors.protocol, null],
  ['server RSS idle (MiB)', (s) => s.server_process.rss_before_kib, 'mib'],
  ['server RSS connected (MiB)', (s) => s.server_process.rss_connected_kib, 'mib'],
  ['server RSS peak (MiB)', (s) => s.server_process.rss_peak_kib, 'mib'],
  ['server CPU (% of one core)', (s) => s.server_process.cpu_pct, 0],
  ['loadgen CPU (% of one core)', (s) => s.loadgen.cpu_pct, 0],
  ['other processes CPU (%)', (s) => s.machine.other_processes_cpu_pct, 0],
  ['loadgen timer lag p99 (ms)', (s) => s.loadgen.tick_lag_ms.p99, 2],
];
for (const load of loads) {
  const ours = read('kartenwand', load);
  const nodes = read('nodes', load);
  const stock = read('stock', load);
  const [c, b] = load.split(':');
  const any = ours ?? stock;
  console.log(`#### ${c} clients in ${b} boards, ${any?.rate_per_client ?? '?'} moves/s per client, ${any?.duration_s ?? '?'} s measured after ${any?.warmup_s ?? '?'} s warm-up`);
  console.log();
  console.log('| | kartenwand-server | two nodes (PostgreSQL + Redis) | @y/websocket-server 0.1.1 | ours / stock |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, get, d] of rows) {
    const a = ours ? get(ours) : undefined;
    const n = nodes ? get(nodes) : undefined;
    const s = stock ? get(stock) : undefined;
    const fmt = (v) => (d === 'mib' ? mib(v) : d === null ? (v ?? '-') : num(v, d));
    console.log(`| ${name} | ${fmt(a)} | ${fmt(n)} | ${fmt(s)} | ${typeof a === 'number' && typeof s === 'number' && d !== null ? ratio(a, s) : ''} |`);
  }
  if (nodes?.cross_node_latency_ms && ours) {
    const c = nodes.cross_node_latency_ms;
    console.log(`| fan-out across nodes p50 / p99 (ms) | | ${num(c.p50, 2)} / ${num(c.p99, 2)} | | |`);
    console.log(`| cross-node p99 / single-node p99 | | ${ratio(c.p99, ours.latency_ms.p99)} | | |`);
  }
  console.log();
  if (nodes) console.log('(two nodes: server RSS and CPU are node A\'s, one of two equal halves)\n');
}
EOF_NODE
echo
echo "JSON summaries and server logs: $OUT"
