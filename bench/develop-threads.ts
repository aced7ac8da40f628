// Benchmark: developModel's validation folds on worker threads (develop.developModelAsync) against one
// thread, on a synthetic 5-site table larger than the demo's (default 5 × 1,000 rows × 12 features),
// each run in a fresh process so thread start-up and warm-up are counted. Variants interleave (order
// rotates per rep); the report gives wall and CPU seconds (process.cpuUsage: every thread) with the
// load average before each run, and checks that every variant gives the same pooled AUC bits.
//
//   npx tsc -p tsconfig.build.json && node --import tsx bench/develop-threads.ts [--reps 2] [--threads 0,1,2] [--rows 1000]
//
// Writes bench/results/develop-threads.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const ROWS = Number(flag('--rows') ?? 1000);

if (flag('--child') !== undefined) {
  const threads = Number(flag('--child'));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // The built package: under tsx every worker thread would transpile src/ again.
  const built: string = '../dist/index.js';
  const { data, develop, Generator } = (await import(built)) as typeof import('../src/index.js');
  const g = new Generator(7);
  const sites = ['a', 'b', 'c', 'd', 'e'];
  const nFeatures = 12;
  const n = sites.length * ROWS;
  const columns: Record<string, { kind: 'numeric'; values: Float64Array } | { kind: 'categorical'; codes: Int32Array; levels: string[] }> = {
    site: { kind: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => Math.floor(i / ROWS)), levels: sites },
  };
  const xs = Array.from({ length: nFeatures }, (_, j) => Float64Array.from({ length: n }, (_, i) => g.random() * 2 - 1 + 0.2 * Math.floor(i / ROWS) * (j % 3 === 0 ? 1 : 0)));
  xs.forEach((v, j) => (columns[`x${j}`] = { kind: 'numeric', values: v }));
  columns.y = { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => (g.random() < 1 / (1 + Math.exp(-(xs[0]![i]! - xs[1]![i]! + 0.5 * xs[2]![i]!))) ? 1 : 0)) };
  const table = new data.Table(columns, { source: 'synthetic' });
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  const result = await develop.developModelAsync(table, schema, { seed: 0, threads, mcPasses: 10 });
  const cpu = process.cpuUsage(c0);
  process.stdout.write(
    JSON.stringify({ wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, pooledAuc: result.validation.crossSite.pooled.auc, folds: result.validation.folds.length }) + '\n',
  );
  process.exit(0);
}

const REPS = Number(flag('--reps') ?? 2);
const THREADS = (flag('--threads') ?? '0,1,2').split(',').map(Number);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const loadBefore = loadavg();
const runs: { threads: number; wallSeconds: number; cpuSeconds: number; pooledAuc: number; load: number }[] = [];
for (let r = 0; r < REPS; r++) {
  for (let k = 0; k < THREADS.length; k++) {
    const threads = THREADS[(k + r) % THREADS.length]!;
    const load = loadavg()[0]!;
    const p = spawnSync(process.execPath, ['--import', 'tsx', 'bench/develop-threads.ts', '--child', String(threads), '--rows', String(ROWS)], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`threads ${threads}: exit ${String(p.status)}: ${p.stderr.slice(0, 500)}`);
    const run = { threads, ...(JSON.parse(p.stdout.trim().split('\n').pop()!) as { wallSeconds: number; cpuSeconds: number; pooledAuc: number }), load };
    runs.push(run);
    process.stdout.write(`rep ${r + 1} threads ${threads}: wall ${run.wallSeconds.toFixed(2)} s, CPU ${run.cpuSeconds.toFixed(2)} s, pooled AUC ${run.pooledAuc}, load ${load.toFixed(2)}\n`);
  }
}
const same = new Set(runs.map((r) => r.pooledAuc)).size === 1;
const variants = THREADS.map((threads) => {
  const mine = runs.filter((r) => r.threads === threads);
  return { threads, medianWallSeconds: median(mine.map((r) => r.wallSeconds)), medianCpuSeconds: median(mine.map((r) => r.cpuSeconds)), medianLoad: median(mine.map((r) => r.load)) };
});
const result = {
  benchmark: `developModelAsync, synthetic 5 sites × ${ROWS} rows × 12 features, leave-one-site-out, fresh process per run (dist/), variants interleaved`,
  date: new Date().toISOString(),
  reps: REPS,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
  samePooledAucEverywhere: same,
  variants,
  runs,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/develop-threads.json', JSON.stringify(result, null, 2) + '\n');
for (const v of variants) process.stdout.write(`threads ${v.threads}: median wall ${v.medianWallSeconds.toFixed(2)} s, CPU ${v.medianCpuSeconds.toFixed(2)} s, load ${v.medianLoad.toFixed(2)}\n`);
process.stdout.write(`same pooled AUC in every run: ${same}\n`);
