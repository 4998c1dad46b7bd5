// The table that bench/vote.sh and bench/position.sh print after their runs: one column per
// run, read from DIR/run-N.json (a run that wrote no summary shows '-' throughout), one row
// per [label, (summary) => cell], as Markdown for BENCHMARKS.md.
//
//   node --input-type=module - "$OUT" "$RUNS" <<'EOF_NODE'
//   import { ms, three, readRuns, printTable } from './bench/runs-table.mjs';
//   printTable(readRuns(), [['phones', (s) => `${s.phones}`], ...]);
//   EOF_NODE
import fs from 'node:fs';

/** A number of milliseconds (or percent) with `digits` decimals, '-' if there is none. */
export const ms = (v, digits = 1) => (typeof v === 'number' ? v.toFixed(digits) : '-');
/** KiB as MiB, '-' if there is none. */
export const mib = (k) => (typeof k === 'number' ? (k / 1024).toFixed(1) : '-');
/** p50 / p99 / max of one of the summary's distributions. */
export const three = (d, digits = 1) => [d.p50, d.p99, d.max].map((v) => ms(v, digits)).join(' / ');

/** The summaries of runs 1 to RUNS in DIR (the command line's two arguments), null for a run without one. */
export function readRuns([dir, runs] = process.argv.slice(2)) {
  const summaries = [];
  for (let i = 1; i <= Number(runs); i++) {
    try { summaries.push(JSON.parse(fs.readFileSync(`${dir}/run-${i}.json`, 'utf8'))); } catch { summaries.push(null); }
  }
  return summaries;
}

/** Prints the table: a column per summary, a row per [label, (summary) => cell]. */
export function printTable(summaries, rows) {
  console.log(`| | ${summaries.map((_, i) => `run ${i + 1}`).join(' | ')} |`);
  console.log(`|---|${summaries.map(() => '---:').join('|')}|`);
  for (const [label, get] of rows) {
    console.log(`| ${label} | ${summaries.map((s) => (s ? get(s) : '-')).join(' | ')} |`);
  }
}
