// Benchmark: `clinreg demo --json` (the real CLI, fresh process per run) — total wall time and the
// per-stage times the command reports in `timing` (issue 20: demo ≤ 2 s on 2 cores). Medians per
// stage over the runs, with the load average before and after.
//
//   npx tsc -p tsconfig.build.json && node --import tsx bench/demo.ts [--reps 3]
//
// Writes bench/results/demo.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const at = args.indexOf('--reps');
const REPS = at >= 0 ? Number(args[at + 1]) : 3;

interface Timing {
  stages: { stage: string; seconds: number }[];
  totalSeconds: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const loadBefore = loadavg();
const runs: { processSeconds: number; timing: Timing; load: number }[] = [];
for (let r = 0; r < REPS; r++) {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-demo-bench-'));
  const t0 = performance.now();
  const p = spawnSync(process.execPath, ['dist/cli/main.js', 'demo', '--json', '--out', join(dir, 'out')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const processSeconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  if (p.status !== 0) throw new Error(`demo exited ${String(p.status)}: ${p.stderr.slice(0, 500)}`);
  const timing = (JSON.parse(p.stdout) as { timing: Timing }).timing;
  runs.push({ processSeconds, timing, load: loadavg()[0]! });
  process.stdout.write(`run ${r + 1}: process ${processSeconds.toFixed(2)} s, pipeline ${timing.totalSeconds.toFixed(2)} s, load ${loadavg()[0]!.toFixed(2)}\n`);
}
const names = runs[0]!.timing.stages.map((s) => s.stage);
const stages = names.map((stage) => ({ stage, medianSeconds: median(runs.map((r) => r.timing.stages.find((s) => s.stage === stage)?.seconds ?? NaN)) }));
const result = {
  benchmark: 'clinreg demo --json (CLI, fresh process per run): total and per-stage wall seconds',
  date: new Date().toISOString(),
  reps: REPS,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
  medianProcessSeconds: median(runs.map((r) => r.processSeconds)),
  medianPipelineSeconds: median(runs.map((r) => r.timing.totalSeconds)),
  stages,
  runs,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/demo.json', JSON.stringify(result, null, 2) + '\n');
for (const s of stages) process.stdout.write(`  ${s.medianSeconds.toFixed(2)} s  ${s.stage}\n`);
process.stdout.write(`demo: median ${result.medianProcessSeconds.toFixed(2)} s per process, ${result.medianPipelineSeconds.toFixed(2)} s pipeline (load ${loadBefore[0]!.toFixed(2)} → ${loadavg()[0]!.toFixed(2)})\n`);
