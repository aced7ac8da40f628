// Benchmark: data.readCsv on a generated 1,000,000 × 20 CSV, against pandas.read_csv (C parser)
// and a streamed stdlib reference (csv into typed array('d') / codes), same file, same run,
// interleaved (clinreg, pandas, stdlib, clinreg, …). Layouts: `--numeric` (issue 20's target: 20
// numeric columns, 1% missing) or the default mixed one (numeric, categorical, date, missing
// values). `--no-stdlib` skips the slow stdlib reference; `--baseline DIR` adds an older checkout's
// reader (e.g. `git archive <commit> src bench package.json tsconfig.json | tar -x -C DIR`). Each load runs in a fresh child process so
// peak RSS (getrusage maxRSS) belongs to that load alone; the baseline RSS before loading is
// subtracted and compared with the bytes of the typed columns the table holds.
// Run: node --import tsx bench/csv.ts [--rows N] [--reps R] [--numeric] [--no-stdlib]
// Writes bench/results/csv.json (csv-numeric.json with --numeric). Ratios = clinreg time / reference time (< 1: clinreg faster).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { data, Generator } from '../src/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

function typedBytes(t: InstanceType<typeof data.Table>): number {
  let b = 0;
  for (const n of t.columnNames) {
    const c = t.column(n);
    b += c.kind === 'categorical' ? c.codes.byteLength : c.values.byteLength;
  }
  return b;
}

// --- child: one load, reported as one JSON line -------------------------------------------------
if (args[0] === '--child') {
  const path = args[1]!;
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const t = await data.readCsv(path);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const kinds: Record<string, number> = {};
  for (const n of t.columnNames) kinds[t.column(n).kind] = (kinds[t.column(n).kind] ?? 0) + 1;
  process.stdout.write(
    JSON.stringify({ seconds, cpuSeconds, rssBefore, maxRss: process.resourceUsage().maxRSS * 1024, typedBytes: typedBytes(t), nRows: t.nRows, nCols: t.columnNames.length, kinds }) + '\n',
  );
  process.exit(0);
}

const PY = String.raw`
import csv, json, resource, sys, time
from array import array
path = sys.argv[1]
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()
before = rss()
c0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
MISSING = {'', 'NA', 'NaN', '?'}
with open(path, newline='', encoding='utf-8') as f:
    r = csv.reader(f)
    header = next(r)
    cats = {'site', 'sex', 'visit'}
    idx = [i for i, h in enumerate(header) if h not in cats]
    cidx = [i for i, h in enumerate(header) if h in cats]
    nums = {i: array('d') for i in idx}
    codes = {i: array('i') for i in cidx}
    levels = {i: {} for i in cidx}
    nan = float('nan')
    for row in r:
        for i in idx:
            v = row[i]
            nums[i].append(nan if v in MISSING else float(v))
        for i in cidx:
            v = row[i]
            lv = levels[i]
            codes[i].append(-1 if v in MISSING else lv.setdefault(v, len(lv)))
seconds = time.perf_counter() - t0
c1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
typed = sum(len(a) * 8 for a in nums.values()) + sum(len(a) * 4 for a in codes.values())
print(json.dumps({'seconds': seconds, 'cpuSeconds': cpu, 'rssBefore': before, 'maxRss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, 'typedBytes': typed, 'python': sys.version.split()[0]}))
`;

const PANDAS = String.raw`
import json, resource, sys, time
path = sys.argv[1]
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()
import numpy as np, pandas as pd
before = rss()
c0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
df = pd.read_csv(path, na_values=['', 'NA', 'NaN', '?'], keep_default_na=False)
seconds = time.perf_counter() - t0
c1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
typed = int(sum(df[c].values.nbytes for c in df.columns if df[c].dtype.kind in 'fi'))
print(json.dumps({'seconds': seconds, 'cpuSeconds': cpu, 'rssBefore': before, 'maxRss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, 'typedBytes': typed, 'python': sys.version.split()[0], 'pandas': pd.__version__}))
`;

const NUMERIC = args.includes('--numeric');
// --baseline DIR: also load with an older checkout's reader (DIR/bench/csv.ts --child), interleaved.
const baselineAt = args.indexOf('--baseline');
const BASELINE = baselineAt >= 0 ? args[baselineAt + 1]! : undefined;
const STDLIB = !args.includes('--no-stdlib');
const rows = option('--rows', 1_000_000);
const reps = option('--reps', 3);
const dir = mkdtempSync(join(tmpdir(), 'clinreg-csv-bench-'));
const path = join(dir, 'wide.csv');

// Seeded file: site (4 levels), sex, visit date, 15 lab values (1 % missing as empty or NA), 2 integers.
async function generate(): Promise<void> {
  if (NUMERIC) return generateNumeric();
  const g = new Generator(3);
  const out = createWriteStream(path);
  const labs = Array.from({ length: 15 }, (_, k) => `lab${k + 1}`);
  out.write(['site', 'sex', 'visit', 'age', 'los', ...labs].join(',') + '\n');
  const sites = ['cleveland', 'hungarian', 'switzerland', 'va'];
  const day0 = Date.UTC(2015, 0, 1);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    let line = `${sites[Math.floor(g.random() * 4)]},${g.random() < 0.5 ? 'F' : 'M'},${new Date(day0 + Math.floor(g.random() * 3000) * 86400000).toISOString().slice(0, 10)}`;
    line += `,${18 + Math.floor(g.random() * 80)},${Math.floor(g.random() * 30)}`;
    for (let k = 0; k < 15; k++) {
      const u = g.random();
      line += u < 0.005 ? ',' : u < 0.01 ? ',NA' : `,${(100 + 15 * g.normal()).toFixed(k % 3 === 0 ? 1 : 3)}`;
    }
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

// Seeded file: 20 numeric columns (age, los: integers; x1..x18: decimals), 1 % missing as empty or NA.
async function generateNumeric(): Promise<void> {
  const g = new Generator(3);
  const out = createWriteStream(path);
  const xs = Array.from({ length: 18 }, (_, k) => `x${k + 1}`);
  out.write(['age', 'los', ...xs].join(',') + '\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    let line = `${18 + Math.floor(g.random() * 80)},${Math.floor(g.random() * 30)}`;
    for (let k = 0; k < 18; k++) {
      const u = g.random();
      line += u < 0.005 ? ',' : u < 0.01 ? ',NA' : `,${(100 + 15 * g.normal()).toFixed(k % 3 === 0 ? 1 : 3)}`;
    }
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

const median = (v: number[]): number => {
  const a = [...v].sort((p, q) => p - q);
  const k = a.length >> 1;
  return a.length % 2 === 1 ? a[k]! : (a[k - 1]! + a[k]!) / 2;
};
type Sample = { seconds: number; cpuSeconds: number; rssBefore: number; maxRss: number; typedBytes: number } & Record<string, unknown>;
function child(cmd: string, argv: string[]): Sample {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Sample;
}

const tGen = performance.now();
await generate();
const genSeconds = (performance.now() - tGen) / 1000;
const fileBytes = statSync(path).size;
const loadBefore = loadavg();
const node: Sample[] = [];
const pandas: Sample[] = [];
const py: Sample[] = [];
const base: Sample[] = [];
for (let r = 0; r < reps; r++) {
  node.push(child(process.execPath, ['--import', 'tsx', 'bench/csv.ts', '--child', path]));
  pandas.push(child('/usr/bin/python3', ['-c', PANDAS, path]));
  if (STDLIB) py.push(child('/usr/bin/python3', ['-c', PY, path]));
  if (BASELINE !== undefined) {
    base.push(child(process.execPath, ['--import', 'tsx', join(BASELINE, 'bench/csv.ts'), '--child', path]));
    console.error(`  baseline (${BASELINE}) ${base[r]!.seconds.toFixed(2)} s (cpu ${base[r]!.cpuSeconds.toFixed(2)})`);
  }
  const std = STDLIB ? `, stdlib csv ${py[r]!.seconds.toFixed(2)} s (cpu ${py[r]!.cpuSeconds.toFixed(2)})` : '';
  console.error(`rep ${r + 1}/${reps} (load ${loadavg()[0]!.toFixed(2)}): clinreg ${node[r]!.seconds.toFixed(2)} s (cpu ${node[r]!.cpuSeconds.toFixed(2)}), pandas ${pandas[r]!.seconds.toFixed(2)} s (cpu ${pandas[r]!.cpuSeconds.toFixed(2)})${std}`);
}
rmSync(dir, { recursive: true, force: true });

const MB = 1024 * 1024;
const summary = (s: Sample[]) => ({
  medianSeconds: median(s.map((x) => x.seconds)),
  seconds: s.map((x) => x.seconds),
  medianCpuSeconds: median(s.map((x) => x.cpuSeconds)),
  medianPeakRssMB: median(s.map((x) => x.maxRss / MB)),
  medianRssBeforeMB: median(s.map((x) => x.rssBefore / MB)),
  medianPeakOverBaselineMB: median(s.map((x) => (x.maxRss - x.rssBefore) / MB)),
  typedColumnsMB: s[0]!.typedBytes / MB,
  peakOverBaselinePerTypedByte: median(s.map((x) => (x.maxRss - x.rssBefore) / x.typedBytes)),
});
const ratioTo = (ref: Sample[]) => ({
  time: median(node.map((x) => x.seconds)) / median(ref.map((x) => x.seconds)),
  cpuTime: median(node.map((x) => x.cpuSeconds)) / median(ref.map((x) => x.cpuSeconds)),
  peakOverBaseline: median(node.map((x) => x.maxRss - x.rssBefore)) / median(ref.map((x) => x.maxRss - x.rssBefore)),
});
const result = {
  benchmark: 'csv: data.readCsv (native split of quote-free files, typed columns) vs pandas.read_csv (C parser) and Python stdlib csv into array("d")/codes, fresh process per load',
  date: new Date().toISOString(),
  rows,
  columns: 20,
  reps,
  file: {
    megabytes: fileBytes / MB,
    generateSeconds: genSeconds,
    layout: NUMERIC ? 'age, los (integers), x1..x18 (decimals), 1% missing as empty or NA' : 'site(4 levels), sex(2), visit(ISO date), age, los, lab1..lab15 (1% missing as empty or NA)',
  },
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
  table: { nRows: node[0]!.nRows, nCols: node[0]!.nCols, kinds: node[0]!.kinds },
  clinreg: summary(node),
  pandas: { ...summary(pandas), version: pandas[0]!.pandas },
  ...(STDLIB ? { python: { ...summary(py), version: py[0]!.python } } : {}),
  ...(BASELINE !== undefined ? { baseline: { dir: BASELINE, ...summary(base) } } : {}),
  ratio: { pandas: ratioTo(pandas), ...(STDLIB ? { stdlib: ratioTo(py) } : {}), ...(BASELINE !== undefined ? { baseline: ratioTo(base) } : {}) },
  note: 'Wall times are sensitive to machine load (see loadavg); cpuSeconds (user+system of the loading process) less so. peakOverBaseline = getrusage maxRSS minus RSS just before loading; typedColumns = bytes of the Float64Array/Int32Array columns held at the end (pandas: its numeric column arrays; pandas keeps the mixed layout text columns as Python objects, not counted).',
};
mkdirSync('bench/results', { recursive: true });
writeFileSync(NUMERIC ? 'bench/results/csv-numeric.json' : 'bench/results/csv.json', JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify({ clinreg: result.clinreg, pandas: result.pandas, ratio: result.ratio }, null, 2));
