// Benchmark: `clinreg demo --json` (the real CLI, fresh process per run) — wall time, CPU time of the
// whole process (all threads) and the per-stage times the command reports in `timing` (issue 20:
// demo ≤ 2 s on 2 cores). Variants run interleaved (the order rotates every rep) so a busy machine
// weighs on all of them alike: `--threads` values of the demo, and optionally another build of
// clinreg (`--baseline PATH/dist/bundle/clinreg.mjs`, e.g. the commit before a change, run with each `--threads` value). Medians per
// variant, the load average before every run.
//
//   npm run build && node --import tsx bench/demo.ts [--reps 3] [--threads 0,auto] [--cli dist/cli/main.js] [--baseline /tmp/base/dist/bundle/clinreg.mjs]
//
// CPU time comes from /usr/bin/time (absent: null). Writes bench/results/demo.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchResult } from './bench-result.js';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const REPS = Number(flag('--reps') ?? 3);
const THREADS = (flag('--threads') ?? '0,auto').split(',');
const BASELINE = flag('--baseline');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Timing {
  stages: { stage: string; seconds: number }[];
  totalSeconds: number;
  /** Process start to the pipeline's start (Node, module loading); absent in builds before it was reported. */
  startupSeconds?: number;
}
interface Variant {
  name: string;
  cli: string;
  extra: string[];
}
interface Run {
  variant: string;
  processSeconds: number;
  cpuSeconds: number | null;
  timing: Timing;
  loadBefore: number;
}

// What `clinreg` runs once installed: the bundle's launcher (package.json "bin"); --cli picks another entry.
const CLI = flag('--cli') ?? 'dist/bundle/clinreg.mjs';
const variants: Variant[] = THREADS.map((t) => ({ name: `threads ${t}`, cli: CLI, extra: t === 'auto' ? [] : ['--threads', t] }));
// The baseline runs with every --threads value too (its own package root: run it from a copy of the repository).
if (BASELINE !== undefined) for (const t of THREADS) variants.push({ name: `base ${t}`, cli: BASELINE, extra: t === 'auto' ? [] : ['--threads', t] });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function runOnce(v: Variant): Run {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-demo-bench-'));
  const cpuFile = join(dir, 'cpu');
  const argv = [process.execPath, v.cli, 'demo', '--json', '--out', join(dir, 'out'), ...v.extra];
  const loadBefore = loadavg()[0]!;
  const t0 = performance.now();
  const p = TIME !== undefined ? spawnSync(TIME, ['-f', '%U %S', '-o', cpuFile, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 }) : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });
  const processSeconds = (performance.now() - t0) / 1000;
  const cpuSeconds = TIME !== undefined ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number).reduce((a, b) => a + b, 0) : null;
  rmSync(dir, { recursive: true, force: true });
  if (p.status !== 0) throw new Error(`${v.name}: demo exited ${String(p.status)}: ${p.stderr.slice(0, 500)}`);
  const timing = (JSON.parse(p.stdout) as { timing: Timing }).timing;
  return { variant: v.name, processSeconds, cpuSeconds, timing, loadBefore };
}

const loadBefore = loadavg();
const runs: Run[] = [];
for (let r = 0; r < REPS; r++) {
  for (let k = 0; k < variants.length; k++) {
    const run = runOnce(variants[(k + r) % variants.length]!);
    runs.push(run);
    process.stdout.write(`rep ${r + 1} ${run.variant.padEnd(10)}: process ${run.processSeconds.toFixed(2)} s, CPU ${run.cpuSeconds?.toFixed(2) ?? '?'} s, pipeline ${run.timing.totalSeconds.toFixed(2)} s, load ${run.loadBefore.toFixed(2)}\n`);
  }
}
const summary = variants.map((v) => {
  const mine = runs.filter((r) => r.variant === v.name);
  const names = [...new Set(mine.flatMap((r) => r.timing.stages.map((s) => s.stage)))];
  return {
    variant: v.name,
    command: `node ${v.cli} demo --json ${v.extra.join(' ')}`.trim(),
    medianProcessSeconds: median(mine.map((r) => r.processSeconds)),
    medianCpuSeconds: TIME !== undefined ? median(mine.map((r) => r.cpuSeconds!)) : null,
    medianPipelineSeconds: median(mine.map((r) => r.timing.totalSeconds)),
    medianStartupSeconds: mine.every((r) => r.timing.startupSeconds !== undefined) ? median(mine.map((r) => r.timing.startupSeconds!)) : null,
    medianLoad: median(mine.map((r) => r.loadBefore)),
    stages: names.map((stage) => ({ stage, medianSeconds: median(mine.map((r) => r.timing.stages.find((s) => s.stage === stage)?.seconds ?? 0)) })),
  };
});
writeBenchResult('demo', 'clinreg demo --json (CLI, fresh process per run, variants interleaved): wall, CPU (all threads) and per-stage wall seconds', REPS, loadBefore, summary, runs);
for (const s of summary) {
  process.stdout.write(
    `${s.variant}: median ${s.medianProcessSeconds.toFixed(2)} s per process, CPU ${s.medianCpuSeconds?.toFixed(2) ?? '?'} s, start-up ${s.medianStartupSeconds?.toFixed(2) ?? '?'} s, pipeline ${s.medianPipelineSeconds.toFixed(2)} s, load ${s.medianLoad.toFixed(2)}\n`,
  );
  for (const st of s.stages) process.stdout.write(`    ${st.medianSeconds.toFixed(2)} s  ${st.stage}\n`);
}
process.stdout.write(`load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} → ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
