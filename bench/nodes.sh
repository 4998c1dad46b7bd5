# Sourced by bench/sync.sh (after bench/server.sh): two kartenwand-server nodes of one
# deployment, with PostgreSQL (Debian's `postgresql`: initdb in a temporary directory, as the
# `postgres` user when run as root) and Redis (`redis-server`, nothing saved) on free loopback
# ports, all stopped and deleted by stop_nodes (also on exit). PostgreSQL runs with
# synchronous_commit=off, as durable as the single node's SQLite (WAL without an fsync per
# commit, `--fsync` off): an operating-system crash may lose the last moments, a process
# crash nothing.

NODES_DIR=""
NODE_PIDS=()
REDIS_PID=""
PG_BIN=""

# Whether this machine can run the two-node mode (scripts/install-tools.sh installs both).
have_nodes() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && command -v redis-server >/dev/null
}

as_pg() { # command... — as the postgres user when we are root (PostgreSQL refuses root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts PostgreSQL, Redis and two nodes; sets URL (node A's API base), SECOND_URL (node B's)
# and NODE_A_PID (for loadgen's CPU and memory figures: node A's, one of two equal halves).
start_nodes() { # log-prefix
  NODES_DIR=$(mktemp -d /tmp/kartenwand-nodes-XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$NODES_DIR"; fi
  local pg_port redis_port
  pg_port=$(free_port)
  (cd "$NODES_DIR" && as_pg "$PG_BIN/initdb" -D "$NODES_DIR/pg" -U kartenwand -A trust -E UTF8 --locale=C --no-sync >/dev/null)
  (cd "$NODES_DIR" && as_pg "$PG_BIN/pg_ctl" -D "$NODES_DIR/pg" -l "$NODES_DIR/pg.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $pg_port -k $NODES_DIR -c synchronous_commit=off -c max_connections=200" start >/dev/null)
  # Both services serve the nodes under test: at the nodes' priority, not below it (on
  # their own machines they would not wait behind the nodes and the load generator).
  local postmaster
  postmaster=$(head -n 1 "$NODES_DIR/pg/postmaster.pid")
  renice -n "$NICE" -p "$postmaster" $(pgrep -P "$postmaster") >/dev/null
  redis_port=$(free_port)
  nice -n "$NICE" redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$NODES_DIR" \
    >"$1-redis.log" 2>&1 &
  REDIS_PID=$!
  local database="postgres://kartenwand@127.0.0.1:$pg_port/postgres"
  local limits=(--connections-per-second 0 --new-keys-per-hour 0
    --max-connections 20000 --max-connections-per-ip 20000)
  NODE_PIDS=()
  local urls=()
  for node in a b; do
    local port
    port=$(free_port)
    local secret=()
    if [ "$node" = b ]; then secret=(--secret-file "$NODES_DIR/a/secret.key"); fi
    # NODE_THREADS: worker threads per node (tokio's TOKIO_WORKER_THREADS; default one per core).
    env ${NODE_THREADS:+TOKIO_WORKER_THREADS=$NODE_THREADS} RUST_LOG=${RUST_LOG:-warn} nice -n "$NICE" "$SERVER_BIN" --listen "127.0.0.1:$port" \
      --data-dir "$NODES_DIR/$node" --database-url "$database" --redis-url "redis://127.0.0.1:$redis_port" \
      "${secret[@]}" "${limits[@]}" >"$1-node-$node.log" 2>&1 &
    NODE_PIDS+=($!)
    SERVER_PID=$!   # for wait_http's check that it still runs
    wait_http "http://127.0.0.1:$port/api/ready"
    urls+=("http://127.0.0.1:$port")
  done
  SERVER_PID=""
  URL=${urls[0]}
  SECOND_URL=${urls[1]}
  NODE_A_PID=${NODE_PIDS[0]}
}

stop_nodes() {
  for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  NODE_PIDS=()
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""; fi
  if [ -n "$NODES_DIR" ]; then
    (cd "$NODES_DIR" && as_pg "$PG_BIN/pg_ctl" -D "$NODES_DIR/pg" -m immediate -w stop >/dev/null 2>&1) || true
    rm -rf "$NODES_DIR"
    NODES_DIR=""
  fi
}
trap 'stop_server; stop_nodes' EXIT
