// Benchmark: rocAucScore and delongCi on 1,000,000 rows against scikit-learn 1.2 roc_auc_score
// and a numpy/scipy fast DeLong (bench/metrics_ref.py), same data, same run, interleaved.
// Run: node --import tsx bench/metrics.ts [--rows N] [--reps R]
// Writes bench/results/metrics.json. Ratio = clinreg time / Python time (< 1: clinreg faster).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { Generator, metrics } from '../src/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = option('--rows', 1_000_000);
const reps = option('--reps', 7);

// Seeded data: 30% events, binormal scores rounded to 4 decimals so there are many ties.
const g = new Generator(1);
const y = new Uint8Array(rows);
const s = new Float64Array(rows);
for (let i = 0; i < rows; i++) {
  y[i] = g.random() < 0.3 ? 1 : 0;
  s[i] = Math.round((g.normal() + 1.2 * (y[i] as number)) * 1e4) / 1e4;
}
const dir = mkdtempSync(join(tmpdir(), 'clinreg-bench-'));
writeFileSync(join(dir, 'y.u8'), y);
writeFileSync(join(dir, 's.f64'), new Uint8Array(s.buffer));

const py = spawn('/usr/bin/python3', ['bench/metrics_ref.py', join(dir, 'y.u8'), join(dir, 's.f64')], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
async function nextJson(): Promise<Record<string, unknown>> {
  const { value, done } = await lines.next();
  if (done === true) throw new Error('bench/metrics_ref.py exited early');
  return JSON.parse(value as string) as Record<string, unknown>;
}
async function python(op: 'auc' | 'delong'): Promise<Record<string, number>> {
  py.stdin.write(`${op}\n`);
  return (await nextJson()) as Record<string, number>;
}
function timed<T>(fn: () => T): { seconds: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}
const median = (v: number[]): number => {
  const a = [...v].sort((p, q) => p - q);
  const k = a.length >> 1;
  return a.length % 2 === 1 ? (a[k] as number) : ((a[k - 1] as number) + (a[k] as number)) / 2;
};

const versions = await nextJson();
const loadBefore = loadavg();
const samples = { clinregAuc: [] as number[], sklearnAuc: [] as number[], clinregDelong: [] as number[], pythonDelong: [] as number[] };
let check: Record<string, number> = {};
// one warm-up round (JIT, imports), then `reps` timed rounds, interleaved
for (let r = -1; r < reps; r++) {
  const a = timed(() => metrics.rocAucScore(y, s));
  const pa = await python('auc');
  const d = timed(() => metrics.delongCi(y, s));
  const pd = await python('delong');
  if (r < 0) {
    check = {
      aucAbsDiff: Math.abs(a.value - (pa.auc as number)),
      delongAucAbsDiff: Math.abs(d.value.auc - (pd.auc as number)),
      delongSeRelDiff: Math.abs(d.value.se - (pd.se as number)) / (pd.se as number),
      auc: a.value,
      se: d.value.se,
    };
    if (check.aucAbsDiff > 1e-12 || check.delongAucAbsDiff > 1e-12 || check.delongSeRelDiff > 1e-9) {
      throw new Error(`results disagree with Python: ${JSON.stringify(check)}`);
    }
    continue;
  }
  samples.clinregAuc.push(a.seconds);
  samples.sklearnAuc.push(pa.seconds as number);
  samples.clinregDelong.push(d.seconds);
  samples.pythonDelong.push(pd.seconds as number);
}
py.stdin.write('quit\n');
rmSync(dir, { recursive: true, force: true });

const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof samples, number>;
const result = {
  benchmark: 'metrics: rocAucScore and delongCi vs scikit-learn roc_auc_score and numpy/scipy fast DeLong',
  date: new Date().toISOString(),
  rows,
  reps,
  data: 'seeded: 30% events, scores N(0,1) + 1.2·y rounded to 4 decimals (ties)',
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  // other processes share this machine: absolute times vary with load, ratios (same run, interleaved) much less
  loadAverage1m: { before: loadBefore[0], after: loadavg()[0] },
  python: versions,
  agreement: check,
  medianSeconds: med,
  ratios: {
    rocAucScoreVsSklearn: med.clinregAuc / med.sklearnAuc,
    delongCiVsPythonFastDelong: med.clinregDelong / med.pythonDelong,
    delongCiVsSklearnAuc: med.clinregDelong / med.sklearnAuc,
  },
  target: 'ratio ≤ 1 (no slower than scikit-learn)',
  samplesSeconds: samples,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/metrics.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ rows, medianSeconds: med, ratios: result.ratios, agreement: check }, null, 2));
