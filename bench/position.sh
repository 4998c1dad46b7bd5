#!/usr/bin/env bash
# Positioning benchmark (issue 8): N simulated phones answer a positioning question within a
# window through kartenwand-server, some change their answer once more; every answer must be
# counted exactly, and it measures how soon the projector and every phone show the final
# counts (see bench/loadgen/src/position.rs).
#
#   bench/position.sh                         # 200 phones, answers within 5 s, 3 runs
#   PHONES=400 WITHIN=10s RUNS=1 bench/position.sh
#
# Settings (environment):
#   PHONES   simulated phones, one answer each (default 200)
#   WITHIN   window in which every phone answers at a random moment (default 5s)
#   CHANGES  share of the phones that answer once more, later in the window (default 0.2)
#   RUNS     how many runs, each against a fresh server (default 3)
#   SEED     seed of the random answers and moments (default: a new one per run)
#   OUT      directory for the JSON summaries (default target/bench/position-<time>)
#   NICE     scheduling priority of the server and the load generator (default -10 as root,
#            else 0)
#
# Each run starts a fresh kartenwand-server (profile `server`, a temporary --data-dir, the
# per-IP connection limit off because all phones come from 127.0.0.1), runs
# `loadgen position` against it, and stops it. Not part of the test suite: run it by hand.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"   # PATH (cargo, node_modules/.bin); cd to the repo root

PHONES=${PHONES:-200}
WITHIN=${WITHIN:-5s}
CHANGES=${CHANGES:-0.2}
RUNS=${RUNS:-3}
OUT=${OUT:-target/bench/position-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
source bench/server.sh   # NICE, build_bench, print_machine, run_phones

build_bench

print_machine
status=0
for run in $(seq 1 "$RUNS"); do
  # A failed run still writes its summary; the table shows it, the exit status reports it.
  run_phones "$run" position "answers within $WITHIN" --change-share "$CHANGES" || status=1
done

echo
node --input-type=module - "$OUT" "$RUNS" <<'EOF_NODE' | tee "$OUT/table.md"
import { ms, mib, three, readRuns, printTable } from './bench/runs-table.mjs';
const summaries = readRuns();
const counts = (s, who) => s.places.map((p) => p[who] ?? '-').join(' / ');
const rows = [
  ['phones, answers within', (s) => `${s.phones}, ${s.window_s} s`],
  ['answers given (phones that changed once)', (s) => `${s.answers_sent} (${s.phones_changed})`],
  ['**last answer → projector shows final counts** (ms)', (s) => `**${ms(s.projector.last_answer_to_final_ms)}**`],
  ['… of which: last answer → read by the projector', (s) => ms(s.projector.last_answer_to_read_ms)],
  ['projector: standings per change (p50 / p99 / max, ms)', (s) => three(s.projector.standings_ms, 2)],
  ['**last answer → phone shows final counts** (p50 / p99 / max, ms)', (s) => `**${three(s.last_answer_to_phone_final_ms)}**`],
  ['… of which: last answer → read by the phone', (s) => three(s.last_answer_to_phone_read_ms)],
  ['… standings on the phone', (s) => three(s.phone_standings_ms, 2)],
  ['each phone on its own CPU: read + own standings', (s) => three(s.last_answer_to_phone_final_own_cpu_ms)],
  ['answer → `Stored` ack (p50 / p99 / max, ms)', (s) => three(s.stored_ack_ms)],
  ['expected counts ({places})', (s) => counts(s, 'expected')],
  ['projector counts', (s) => counts(s, 'projector')],
  ['fresh client counts', (s) => counts(s, 'fresh_client')],
  ['exact: projector, phones, fresh client', (s) => `${s.projector.final ? 'yes' : '**NO**'}, ${s.phones_exact} of ${s.phones}, ${s.fresh_client_exact ? 'yes' : '**NO**'}`],
  ['errors (phones, updates not applied)', (s) => `${s.errors.phones}, ${s.errors.apply}`],
  ['server CPU during the window (% of a core)', (s) => ms(s.server_process.cpu_pct)],
  ['server RSS connected / peak (MiB)', (s) => `${mib(s.server_process.rss_connected_kib)} / ${mib(s.server_process.rss_peak_kib)}`],
  ['loadgen CPU (% of a core)', (s) => ms(s.loadgen.cpu_pct)],
  ['other processes CPU (%)', (s) => ms(s.loadgen.other_processes_cpu_pct)],
];
const first = summaries.find((s) => s);
const places = first ? first.places.map((p) => p.place).join(' / ') : 'per place';
printTable(summaries, rows.map(([name, get]) => [name.replace('{places}', places), get]));
EOF_NODE
echo
echo "JSON summaries and server logs: $OUT"
exit "$status"
