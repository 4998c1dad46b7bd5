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
source bench/server.sh   # NICE, build_bench, start_kartenwand, stop_server

build_bench

print_machine
for run in $(seq 1 "$RUNS"); do
  start_kartenwand "$OUT/server-$run.log" kartenwand-vote
  echo
  echo "### run $run: $PHONES phones, ballots within $WITHIN (server pid $SERVER_PID)"
  seed_flag=()
  if [ -n "${SEED:-}" ]; then seed_flag=(--seed "$SEED"); fi
  nice -n "$NICE" "$LOADGEN" vote --url "$URL" --phones "$PHONES" \
    --within "$WITHIN" --server-pid "$SERVER_PID" "${seed_flag[@]}" --json "$OUT/run-$run.json"
  stop_server
done

echo
node - "$OUT" "$RUNS" <<'EOF_NODE' | tee "$OUT/table.md"
const fs = require('fs');
const [dir, runs] = process.argv.slice(2);
const ms = (v) => (typeof v === 'number' ? v.toFixed(1) : '-');
const mib = (k) => (typeof k === 'number' ? (k / 1024).toFixed(1) : '-');
const three = (d) => `${ms(d.p50)} / ${ms(d.p99)} / ${ms(d.max)}`;
const summaries = [];
for (let i = 1; i <= Number(runs); i++) {
  try { summaries.push(JSON.parse(fs.readFileSync(`${dir}/run-${i}.json`, 'utf8'))); } catch { summaries.push(null); }
}
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
console.log(`| | ${summaries.map((_, i) => `run ${i + 1}`).join(' | ')} |`);
console.log(`|---|${summaries.map(() => '---:').join('|')}|`);
for (const [name, get] of rows) {
  console.log(`| ${name} | ${summaries.map((s) => (s ? get(s) : '-')).join(' | ')} |`);
}
EOF_NODE
echo
echo "JSON summaries and server logs: $OUT"
