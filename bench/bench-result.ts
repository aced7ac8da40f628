// The results file of an interleaved-variants benchmark (bench/demo.ts, bench/stats-threads.ts):
// what ran, when, on which machine with its load average before and after, the per-variant
// summary and every run; written to bench/results/<name>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * Write bench/results/<name>.json.
 * @param name file name without .json.
 * @param benchmark one line: what was measured and how.
 * @param reps interleaved rounds.
 * @param loadBefore the load average when the benchmark started.
 * @param variants the per-variant summary.
 * @param runs every run.
 */
export function writeBenchResult(name: string, benchmark: string, reps: number, loadBefore: number[], variants: unknown[], runs: unknown[]): void {
  const result = {
    benchmark,
    date: new Date().toISOString(),
    reps,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
    variants,
    runs,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, JSON.stringify(result, null, 2) + '\n');
}
