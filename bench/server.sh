# Sourced by bench/sync.sh, bench/vote.sh, bench/position.sh and bench/join.sh (after scripts/env.sh and
# with OUT set): the scheduling priority, the builds, starting and stopping the server under
# test, and one run of a room of phones. Each start takes a free port; ours gets a fresh
# temporary data directory that stop_server removes again. stop_server also runs on exit.

# NICE: scheduling priority of the servers and the load generator (default -10 as root, else
# 0): keeps other work on the machine (builds) from skewing figures.
if [ -z "${NICE:-}" ]; then
  if [ "$(id -u)" = 0 ]; then NICE=-10; else NICE=0; fi
fi

# kartenwand-server as scripts/run.sh ships it (profile `server`) and the load generator in the
# same optimised profile (the release profile is tuned for the wasm bundle's size): the client
# side must not be the bottleneck.
build_bench() {
  echo "building kartenwand-server and loadgen (profile server) ..."
  cargo build --profile server --quiet -p server --bin kartenwand-server
  cargo build --profile server --quiet -p loadgen
  SERVER_BIN=target/server/kartenwand-server
  LOADGEN=target/server/loadgen
}

print_machine() {
  echo "priority (nice): $NICE"
  echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

SERVER_PID=""
DATA_DIR=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
  if [ -n "$DATA_DIR" ]; then rm -rf "$DATA_DIR"; DATA_DIR=""; fi
}
trap stop_server EXIT

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

wait_http() { # url
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited during start-up" >&2; return 1; fi
    sleep 0.1
  done
  echo "server did not answer $1" >&2
  return 1
}

# kartenwand-server with a temporary --data-dir and the per-IP limits off or raised (all
# simulated clients come from 127.0.0.1: connection rate, connection caps, new participant
# keys per board) unless SERVER_DEFAULT_LIMITS=1 (bench/join.sh: one venue behind one NAT
# address is the case to measure); sets PORT, URL (the API base) and SERVER_PID.
start_kartenwand() { # log-file [data-dir-prefix]
  PORT=$(free_port)
  DATA_DIR=$(mktemp -d "/tmp/${2:-kartenwand-bench}-XXXXXX")
  local limits=(--connections-per-second 0 --new-keys-per-hour 0
    --max-connections 20000 --max-connections-per-ip 20000)
  if [ "${SERVER_DEFAULT_LIMITS:-0}" = 1 ]; then limits=(); fi
  RUST_LOG=${RUST_LOG:-warn} nice -n "$NICE" "$SERVER_BIN" --listen "127.0.0.1:$PORT" \
    --data-dir "$DATA_DIR" "${limits[@]}" >"$1" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$PORT/api/health"
  URL="http://127.0.0.1:$PORT"
}

# One run of `loadgen vote` or `loadgen position` (PHONES, WITHIN and, if set, SEED) against a
# fresh kartenwand-server, its summary in $OUT/run-N.json; returns loadgen's exit status. A
# server that does not start ends the script.
run_phones() { # run mode "what the phones do" [more loadgen flags]
  local run=$1 mode=$2 what=$3 status=0
  shift 3
  start_kartenwand "$OUT/server-$run.log" "kartenwand-$mode" || exit 1
  echo
  echo "### run $run: $PHONES phones, $what (server pid $SERVER_PID)"
  local seed_flag=()
  if [ -n "${SEED:-}" ]; then seed_flag=(--seed "$SEED"); fi
  nice -n "$NICE" "$LOADGEN" "$mode" --url "$URL" --phones "$PHONES" --within "$WITHIN" "$@" \
    --server-pid "$SERVER_PID" "${seed_flag[@]}" --json "$OUT/run-$run.json" || status=$?
  stop_server
  return "$status"
}
