#!/usr/bin/env bash
# Voting benchmark: N simulated phones submit ballots within a window through
# kartenwand-server; all must be counted and the tally exact, and it measures how soon every
# phone's own document shows the final result (see bench/loadgen/src/vote.rs).
#
#   bench/vote.sh                          # 200 phones, ballots within 10 s, 3 runs
#   PHONES=400 WITHIN=5s RUNS=1 bench/vote.sh
#
# Settings (environment):
#   PHONES   simulated phones, one ballot each (default 200)
#   WITHIN   window in which every phone submits at a random moment (default 10s)
#   RUNS     how many runs, each against a fresh server (default 3)
#   SEED     seed of the random ballots and moments (default: a new one per run)
#   OUT      directory for the JSON summaries (default target/bench/vote-<time>)
#   NICE     scheduling priority of the server and the load generator (default -10 as root,
#            else 0)
#
# Each run starts a fresh kartenwand-server (profile `server`, a temporary --data-dir, the
# per-IP connection limit off because all phones come from 127.0.0.1), runs `loadgen vote`
# against it, and stops it. Not part of the test suite: run it by hand.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"   # PATH (cargo, node_modules/.bin); cd to the repo root

PHONES=${PHONES:-200}
WITHIN=${WITHIN:-10s}
RUNS=${RUNS:-3}
OUT=${OUT:-target/bench/vote-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
source bench/server.sh   # NICE, build_bench, print_machine, run_phones

build_bench

print_machine
for run in $(seq 1 "$RUNS"); do
  run_phones "$run" vote "ballots within $WITHIN"
done

echo
node --input-type=module - "$OUT" "$RUNS" <<'EOF_NODE' | tee "$OUT/table.md"
import { ms, mib, three, readRuns, printTable } from './bench/runs-table.mjs';
const rows = [
  ['phones, ballots within', (s) => `${s.phones}, ${s.window_s} s`],
  ['**last ballot → phone tallies all exactly** (p50 / p99 / max, ms)', (s) => `**${three(s.last_ballot_to_exact_tally_ms)}**`],
  ['… of which: last ballot → read by the phone', (s) => three(s.last_ballot_to_phone_ms)],
  ['… tally on the phone (p50 / p99 / max)', (s) => three(s.phone_tally_ms)],
  ['each phone on its own CPU: read + own tally', (s) => three(s.last_ballot_to_exact_tally_own_cpu_ms)],
  ['ballot → `Stored` ack (p50 / p99 / max, ms)', (s) => three(s.stored_ack_ms)],
  ['reveal → phone shows it (p50 / p99 / max, ms)', (s) => three(s.reveal_to_phone_ms)],
  ['phones whose tally was exact', (s) => `${s.phones_exact} of ${s.phones}`],
  ['final tally (fresh client): counted / invalid', (s) => `${s.final_tally.counted} / ${s.final_tally.invalid}`],
  ['final tally: points / expected', (s) => `${s.final_tally.total_points} / ${s.final_tally.expected_total}`],
  ['final tally exact', (s) => (s.final_tally.exact ? 'yes' : '**NO**')],
  ['errors (phones, updates not applied)', (s) => `${s.errors.phones}, ${s.errors.apply}`],
  ['server CPU during the vote (% of a core)', (s) => ms(s.server_process.cpu_pct_during_vote)],
  ['server RSS connected / peak (MiB)', (s) => `${mib(s.server_process.rss_connected_kib)} / ${mib(s.server_process.rss_peak_kib)}`],
  ['loadgen CPU (% of a core)', (s) => ms(s.loadgen.cpu_pct_during_vote)],
  ['other processes CPU (%)', (s) => ms(s.loadgen.other_processes_cpu_pct)],
];
printTable(readRuns(), rows);
EOF_NODE
echo
echo "JSON summaries and server logs: $OUT"
