// Benchmark: one training step (forward, BCEWithLogits, backward, AdamW) of the tabular
// Transformer (nn.TabularTransformer, FT-Transformer style) against the same model in PyTorch 1.13
// (bench/transformer_ref.py, same modules and state-dict keys), PyTorch pinned to 1 and to 2
// threads, interleaved round by round, medians, ratio to the faster PyTorch (< 1: clinreg faster).
// Both sides compute only the CLS token in the last layer (same outputs as the full layer);
// clinreg runs with its default native threads and pinned to 1 thread, the best of both is reported.
// PyTorch also runs on an OpenBLAS whose kernel fits the CPU (as bench/engine.ts: $CLINREG_BENCH_OPENBLAS
// or Debian's openblas-pthread, OPENBLAS_CORETYPE from the CPU), every PyTorch with OpenMP threads
// waiting passively; the ratio is against the fastest PyTorch configuration.
// Run: [CLINREG_BENCH_OPENBLAS=<dir>] node --import tsx bench/transformer.ts [--reps 7] [--steps 20] [--batch 256]
// Writes bench/results/transformer.json.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { Generator, kernels, manualSeed, nn, optim, tensor } from '../src/index.js';
import { tunedBlas, type TunedBlas } from './engine/torch-server.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const reps = option('--reps', 7);
const steps = option('--steps', 20);
const config = {
  rows: 4096, nNumeric: 12, categoricalCardinalities: [3, 5], dToken: 32, nLayers: 2, nHeads: 4, dFfn: 64, dropout: 0.1,
  batchSize: option('--batch', 256), lr: 1e-4, weightDecay: 0.05,
};
const nFeatures = config.nNumeric + config.categoricalCardinalities.length;

// Seeded data: standard-normal numeric columns, uniform category codes, y = 1{x0·x1 > 0}.
const g = new Generator(1);
const x = new Float32Array(config.rows * nFeatures);
const y = new Float32Array(config.rows);
for (let i = 0; i < config.rows; i++) {
  for (let j = 0; j < config.nNumeric; j++) x[i * nFeatures + j] = g.normal();
  config.categoricalCardinalities.forEach((c, k) => (x[i * nFeatures + config.nNumeric + k] = g.randint(c)));
  y[i] = x[i * nFeatures]! * x[i * nFeatures + 1]! > 0 ? 1 : 0;
}
const dir = mkdtempSync(join(tmpdir(), 'clinreg-bench-transformer-'));
writeFileSync(join(dir, 'x.f32'), new Uint8Array(x.buffer));
writeFileSync(join(dir, 'y.f32'), new Uint8Array(y.buffer));

interface Py { proc: ChildProcessWithoutNullStreams; next: () => Promise<Record<string, unknown>> }
function startPython(threads: number, tuned: TunedBlas | null): Py {
  writeFileSync(join(dir, `config-${threads}.json`), JSON.stringify({ ...config, threads }));
  const n = String(threads);
  const env: Record<string, string> = { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, OMP_WAIT_POLICY: 'PASSIVE' };
  if (tuned !== null) {
    env['LD_LIBRARY_PATH'] = [tuned.dir, process.env['LD_LIBRARY_PATH'] ?? ''].filter((p) => p !== '').join(':');
    if (tuned.coreType !== null) env['OPENBLAS_CORETYPE'] = tuned.coreType;
  }
  const proc = spawn('/usr/bin/python3', ['bench/transformer_ref.py', join(dir, `config-${threads}.json`), join(dir, 'x.f32'), join(dir, 'y.f32')], { env });
  proc.stderr.pipe(process.stderr);
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return {
    proc,
    next: async () => {
      const { value, done } = await lines.next();
      if (done === true) throw new Error('bench/transformer_ref.py exited early');
      return JSON.parse(value as string) as Record<string, unknown>;
    },
  };
}
async function pythonSteps(py: Py, k: number): Promise<{ seconds: number; loss: number }> {
  py.proc.stdin.write(`step ${k}\n`);
  return (await py.next()) as { seconds: number; loss: number };
}

// clinreg: the same model, optimizer and batches.
manualSeed(0);
const model = new nn.TabularTransformer({ ...config, normFirst: true });
model.train();
const opt = new optim.AdamW(model.parameters(), { lr: config.lr, weightDecay: config.weightDecay });
const lossFn = new nn.BCEWithLogitsLoss();
const X = tensor(x, { shape: [config.rows, nFeatures] });
const Y = tensor(y, { shape: [config.rows, 1] });
let start = 0;
function clinregSteps(k: number): { seconds: number; loss: number } {
  const t0 = performance.now();
  let loss = NaN;
  for (let s = 0; s < k; s++) {
    if (start + config.batchSize > config.rows) start = 0;
    const xb = X.slice(0, start, start + config.batchSize);
    const yb = Y.slice(0, start, start + config.batchSize);
    start += config.batchSize;
    opt.zeroGrad();
    const l = lossFn.forward(model.forward(xb), yb);
    l.backward();
    opt.step();
    loss = l.item();
  }
  return { seconds: (performance.now() - t0) / 1000, loss };
}

const median = (v: number[]): number => {
  const a = [...v].sort((p, q) => p - q);
  const k = a.length >> 1;
  return a.length % 2 === 1 ? a[k]! : (a[k - 1]! + a[k]!) / 2;
};

const tuned = tunedBlas();
const py1 = startPython(1, null);
const py2 = startPython(2, null);
const pyTuned = tuned === null ? null : [startPython(1, tuned), startPython(2, tuned)] as const;
const versions = { t1: await py1.next(), t2: await py2.next(), ...(pyTuned === null ? {} : { tuned1: await pyTuned[0].next(), tuned2: await pyTuned[1].next() }) };
const loadBefore = loadavg();
const loads: number[][] = [];
const samples = { clinreg: [] as number[], clinreg1: [] as number[], torch1: [] as number[], torch2: [] as number[], torchTuned1: [] as number[], torchTuned2: [] as number[] };
const defaultThreads = kernels.getNumThreads();
const losses: Record<string, number> = {};
for (let r = -1; r < reps; r++) {
  const c = clinregSteps(steps);
  kernels.setNumThreads(1);
  const c1 = clinregSteps(steps);
  kernels.setNumThreads(defaultThreads);
  const p1 = await pythonSteps(py1, steps);
  const p2 = await pythonSteps(py2, steps);
  const t1 = pyTuned === null ? null : await pythonSteps(pyTuned[0], steps);
  const t2 = pyTuned === null ? null : await pythonSteps(pyTuned[1], steps);
  // OpenBLAS workers spin ~0.1 s after a call: let them stop before clinreg's next round.
  await new Promise((resolve) => setTimeout(resolve, 300));
  Object.assign(losses, { clinreg: c.loss, torch1: p1.loss, torch2: p2.loss, ...(t1 === null || t2 === null ? {} : { torchTuned1: t1.loss, torchTuned2: t2.loss }) });
  if (![c.loss, p1.loss, p2.loss, t1?.loss ?? 0, t2?.loss ?? 0].every(Number.isFinite)) throw new Error(`non-finite loss: ${JSON.stringify(losses)}`);
  if (r < 0) continue; // warm-up round (JIT, allocator, PyTorch first-call costs)
  loads.push(loadavg());
  samples.clinreg.push(c.seconds / steps);
  samples.clinreg1.push(c1.seconds / steps);
  samples.torch1.push(p1.seconds / steps);
  samples.torch2.push(p2.seconds / steps);
  if (t1 !== null && t2 !== null) {
    samples.torchTuned1.push(t1.seconds / steps);
    samples.torchTuned2.push(t2.seconds / steps);
  }
}
for (const py of [py1, py2, ...(pyTuned ?? [])]) py.proc.stdin.write('quit\n');
rmSync(dir, { recursive: true, force: true });

const med = {
  clinreg: median(samples.clinreg), clinreg1: median(samples.clinreg1), torch1: median(samples.torch1), torch2: median(samples.torch2),
  ...(pyTuned === null ? {} : { torchTuned1: median(samples.torchTuned1), torchTuned2: median(samples.torchTuned2) }),
};
const fasterTorch = Math.min(med.torch1, med.torch2, med.torchTuned1 ?? Infinity, med.torchTuned2 ?? Infinity);
const info = kernels.kernelInfo();
const result = {
  benchmark: 'tabular Transformer training step (forward + BCEWithLogits + backward + AdamW) vs PyTorch 1.13 CPU (as installed and on a tuned OpenBLAS)',
  date: new Date().toISOString(),
  config,
  tokens: nFeatures + 1,
  reps,
  stepsPerSample: steps,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  // clinreg runs twice per round: with its default native threads and pinned to 1 thread
  kernels: { tier: info.tier, isa: info.nativeIsa, defaultThreads },
  // other processes share this machine: absolute times vary with load, ratios (same run, interleaved) much less
  loadAverage1m: { before: loadBefore[0], after: loadavg()[0] },
  loadAveragesPerRound: loads,
  tunedBlas: tuned,
  python: versions,
  lastLoss: losses,
  medianSecondsPerStep: med,
  ratio: {
    clinregVsFasterTorch: Math.min(med.clinreg, med.clinreg1) / fasterTorch,
    clinregDefaultThreadsVsFasterTorch: med.clinreg / fasterTorch,
    clinreg1ThreadVsTorch1Thread: med.clinreg1 / Math.min(med.torch1, med.torchTuned1 ?? Infinity),
    clinregVsTorch2Threads: med.clinreg / Math.min(med.torch2, med.torchTuned2 ?? Infinity),
  },
  samplesSecondsPerStep: samples,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/transformer.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ kernels: result.kernels, medianSecondsPerStep: med, ratio: result.ratio, lastLoss: losses }, null, 2));
process.exit(0);
