// Benchmark: bootstrap replicates and MC-dropout passes on worker threads (parallel.bootstrapCiAsync,
// parallel.mcDropoutPredictAsync) against the serial calls (metrics.bootstrapCi, train.mcDropoutPredict):
//   bootstrap — AUC percentile interval, 2,000 stratified replicates on 10,000 rows;
//   mc        — 30 MC-dropout passes of the seed MLP (20 → 64 → 32 → 1, BatchNorm, dropout 0.3) on
//               10,000 rows, on the native and the wasm kernel tiers.
// Every run is a fresh process on the built package (dist/), so thread start-up and module loading
// are counted; variants interleave (the order rotates per rep). Reported per variant: medians of the
// call's wall seconds, the process's CPU seconds (process.cpuUsage: every thread) and the load
// average before each run; every variant must give the serial numbers bit for bit (checked).
//
//   npx tsc -p tsconfig.build.json && node --import tsx bench/stats-threads.ts [--reps 5] [--threads 0,1] [--only bootstrap,mc-native,mc-wasm]
//
// Writes bench/results/stats-threads.json.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { writeBenchResult } from './bench-result.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const ROWS = 10_000;

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  digest: string;
}

if (flag('--child') !== undefined) {
  const [workload, threadsText] = flag('--child')!.split(':') as [string, string];
  const threads = Number(threadsText);
  // The built package: under tsx every worker thread would transpile src/ again.
  const built: string = '../dist/index.js';
  const { metrics, parallel, train, recommend, kernels, Generator, Tensor, manualSeed } = (await import(built)) as typeof import('../src/index.js');
  const g = new Generator(7);
  const hash = createHash('sha256');
  let seconds: number;
  const c0 = process.cpuUsage();
  if (workload === 'bootstrap') {
    const y = Float64Array.from({ length: ROWS }, () => (g.random() < 0.3 ? 1 : 0));
    const p = y.map((v) => 0.3 * v + 0.7 * g.random());
    const t0 = performance.now();
    const ci = threads === 0 ? metrics.bootstrapCi('auc', y, p, { nBoot: 2000, seed: 1 }) : await parallel.bootstrapCiAsync('auc', y, p, { nBoot: 2000, seed: 1, threads });
    seconds = (performance.now() - t0) / 1000;
    hash.update(JSON.stringify(ci));
  } else {
    kernels.setKernels(kernels.loadKernels(workload === 'mc-wasm' ? 'wasm' : 'native'));
    manualSeed(0);
    const model = recommend.buildMlp({ nFeatures: 20, hiddenSizes: [64, 32], dropout: 0.3, batchNorm: true }).eval();
    const x = new Tensor(Float32Array.from({ length: ROWS * 20 }, () => g.normal()), [ROWS, 20]);
    const t0 = performance.now();
    const mc = threads === 0 ? train.mcDropoutPredict(model, x, { passes: 30, seed: 3 }) : await parallel.mcDropoutPredictAsync(model, x, { passes: 30, seed: 3, threads });
    seconds = (performance.now() - t0) / 1000;
    hash.update(new Uint8Array(mc.mean.buffer)).update(new Uint8Array(mc.std.buffer));
  }
  const cpu = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, digest: hash.digest('hex').slice(0, 16) } satisfies ChildResult));
  process.exit(0);
}

const REPS = Number(flag('--reps') ?? 5);
const THREADS = (flag('--threads') ?? '0,1').split(',').map(Number);
const WORKLOADS = (flag('--only') ?? 'bootstrap,mc-native,mc-wasm').split(',');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Run extends ChildResult {
  workload: string;
  threads: number;
  loadBefore: number;
}
const loadBefore = loadavg();
const runs: Run[] = [];
const variants = WORKLOADS.flatMap((workload) => THREADS.map((threads) => ({ workload, threads })));
for (let r = 0; r < REPS; r++) {
  for (const workload of WORKLOADS) {
    const mine = variants.filter((v) => v.workload === workload);
    for (let k = 0; k < mine.length; k++) {
      const v = mine[(k + r) % mine.length]!;
      const load = loadavg()[0]!;
      const p = spawnSync(process.execPath, ['--import', 'tsx', 'bench/stats-threads.ts', '--child', `${v.workload}:${v.threads}`], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`${v.workload} threads ${v.threads}: exit ${String(p.status)}: ${p.stderr.slice(0, 800)}`);
      const run = { ...v, ...(JSON.parse(p.stdout) as ChildResult), loadBefore: load };
      runs.push(run);
      process.stdout.write(`rep ${r + 1} ${v.workload.padEnd(10)} threads ${v.threads}: ${run.seconds.toFixed(3)} s wall, CPU ${run.cpuSeconds.toFixed(2)} s, load ${load.toFixed(2)}, ${run.digest}\n`);
    }
  }
}
const summary = variants.map((v) => {
  const mine = runs.filter((r) => r.workload === v.workload && r.threads === v.threads);
  return {
    workload: v.workload,
    threads: v.threads,
    medianSeconds: median(mine.map((r) => r.seconds)),
    medianCpuSeconds: median(mine.map((r) => r.cpuSeconds)),
    medianLoad: median(mine.map((r) => r.loadBefore)),
    identicalToSerial: mine.every((r) => r.digest === runs.find((s) => s.workload === v.workload && s.threads === 0)?.digest),
  };
});
writeBenchResult('stats-threads', 'bootstrap AUC 2,000 replicates × 10k rows; MC dropout 30 passes × 10k rows (native, wasm): serial vs worker threads, fresh process per run (dist/)', REPS, loadBefore, summary, runs);
for (const s of summary) {
  process.stdout.write(`${s.workload.padEnd(10)} threads ${s.threads}: median ${s.medianSeconds.toFixed(3)} s wall, CPU ${s.medianCpuSeconds.toFixed(2)} s, load ${s.medianLoad.toFixed(2)}, same as serial: ${s.identicalToSerial}\n`);
}
process.stdout.write(`load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} → ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
