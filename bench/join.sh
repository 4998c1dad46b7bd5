#!/usr/bin/env bash
# Joining benchmark (issue 13): N simulated phones join a board at once through its join code
# (lookup, participant link, name and one card, the server's `Stored`) while a facilitator is
# online; all must be on the board and none refused (see bench/loadgen/src/join.rs).
#
#   bench/join.sh                          # 35 phones, goal 10 s, 5 runs
#   PHONES=100 RUNS=1 bench/join.sh
#
# Settings (environment):
#   PHONES   simulated phones, all starting at once (default 35)
#   WITHIN   the goal: every card stored this long after the start (default 10s)
#   RUNS     how many runs, each against a fresh server (default 5)
#   LIMITS   `default` (the server's own per-IP limits: every phone comes from 127.0.0.1, as a
#            venue's phones come from one NAT address) or `off` (as bench/vote.sh)
#   OUT      directory for the JSON summaries (default target/bench/join-<time>)
#   NICE     scheduling priority of the server and the load generator (default -10 as root,
#            else 0)
#
# Not part of the test suite: run it by hand.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"   # PATH (cargo, node_modules/.bin); cd to the repo root

PHONES=${PHONES:-35}
WITHIN=${WITHIN:-10s}
RUNS=${RUNS:-5}
LIMITS=${LIMITS:-default}
OUT=${OUT:-target/bench/join-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
source bench/server.sh   # NICE, build_bench, print_machine, run_phones
if [ "$LIMITS" = default ]; then SERVER_DEFAULT_LIMITS=1; fi

build_bench

print_machine
echo "server limits: $LIMITS"
for run in $(seq 1 "$RUNS"); do
  run_phones "$run" join "all at once through the join code" || true
done

echo
node --input-type=module - "$OUT" "$RUNS" <<'EOF_NODE' | tee "$OUT/table.md"
import { ms, mib, readRuns, printTable } from './bench/runs-table.mjs';
const p = (d) => [d.p50, d.p95, d.max].map((v) => ms(v, 0)).join(' / ');
const rows = [
  ['phones', (s) => `${s.phones}`],
  ['**start → last `Stored` (s)**', (s) => `**${ms(s.start_to_last_stored_s, 2)}**`],
  ['start → `Stored` per phone (p50 / p95 / max, ms)', (s) => p(s.start_to_stored_ms)],
  ['start → lookup answered (p50 / p95 / max, ms)', (s) => p(s.start_to_lookup_ms)],
  ['start → synced (p50 / p95 / max, ms)', (s) => p(s.start_to_synced_ms)],
  ['name + card sent → `Stored` (p50 / p95 / max, ms)', (s) => p(s.written_to_stored_ms)],
  ['facilitator sees every name and card (s)', (s) => ms(s.facilitator_sees_all_s, 2)],
  ['on the board (facilitator: names / cards; fresh client)', (s) => `${s.facilitator_sees.names} / ${s.facilitator_sees.cards}; ${s.fresh_client_sees.names} / ${s.fresh_client_sees.cards}`],
  ['refused (429, close codes)', (s) => `${s.refused}${s.refused ? ' ' + JSON.stringify(s.refusals) : ''}`],
  ['errors (phones)', (s) => `${s.errors.phones}`],
  ['server CPU during the join (% of a core)', (s) => ms(s.server_process.cpu_pct_during_join)],
  ['server RSS peak (MiB)', (s) => mib(s.server_process.rss_peak_kib)],
  ['other processes CPU (%)', (s) => ms(s.loadgen.other_processes_cpu_pct)],
];
printTable(readRuns(), rows);
EOF_NODE
echo
echo "JSON summaries and server logs: $OUT"
