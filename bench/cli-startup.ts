// Benchmark: start-up of the clinreg CLI bundle (dist/bundle/, scripts/build-cli.mjs) against the
// unbundled build (dist/cli/main.js, tsc): a fresh process per run for `--version`, a bad-input
// command that fails fast (`predict nodir x.csv`, exit 2) and `demo --json` (its reported
// timing.startupSeconds too), and the start of one worker thread of each worker entry (bundled
// .mjs vs dist/**.js) to its ready message, beside an empty worker thread. Wall and CPU seconds
// (CPU of the whole process, all threads: /usr/bin/time for the CLI, process.cpuUsage for a
// thread), medians over interleaved reps (the order rotates every rep), the 1-minute load average
// before each run. Prints a table and writes JSON to --json PATH when given.
//
//   npm run build   (or: npx tsc -p tsconfig.build.json && node scripts/build-cli.mjs)
//   node --import tsx bench/cli-startup.ts [--reps 7] [--only version,bad-input,demo,workers] [--demo-threads 0] [--json PATH]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const REPS = Number(flag('--reps') ?? 7);
const ONLY = (flag('--only') ?? 'version,bad-input,demo,workers').split(',');
const DEMO_THREADS = flag('--demo-threads') ?? '0';
const JSON_OUT = flag('--json');
const TIME = '/usr/bin/time';
const ROOT = resolve('.');

const ENTRIES = { bundle: 'dist/bundle/clinreg.mjs', dist: 'dist/cli/main.js' } as const;
type Build = keyof typeof ENTRIES;
for (const [name, path] of Object.entries(ENTRIES)) {
  if (!existsSync(path)) throw new Error(`cli-startup: ${path} (${name}) is missing: run npm run build first`);
}
if (!existsSync(TIME)) throw new Error(`cli-startup: ${TIME} is needed for the CPU seconds of a process`);

interface Sample {
  case: string;
  build: Build | 'empty';
  wallSeconds: number;
  cpuSeconds: number;
  /** demo only: timing.startupSeconds of its --json. */
  startupSeconds?: number;
  loadBefore: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One CLI process: wall from spawn to exit, CPU (user + system) from /usr/bin/time. */
function cli(name: string, build: Build, argv: string[], expectCode: number): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-startup-'));
  try {
    const cpuFile = join(dir, 'cpu');
    const loadBefore = loadavg()[0]!;
    const t0 = performance.now();
    const p = spawnSync(TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, join(ROOT, ENTRIES[build]), ...argv], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    const wallSeconds = (performance.now() - t0) / 1000;
    if (p.status !== expectCode) throw new Error(`${name} (${build}): exit ${String(p.status)}, expected ${expectCode}: ${p.stderr.slice(0, 400)}`);
    const cpuSeconds = readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number).reduce((a, b) => a + b, 0);
    const sample: Sample = { case: name, build, wallSeconds, cpuSeconds, loadBefore };
    if (name.startsWith('demo')) sample.startupSeconds = (JSON.parse(p.stdout) as { timing: { startupSeconds: number } }).timing.startupSeconds;
    return sample;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A process that starts one worker thread on `module` and waits for its first message (serveTasks
 * posts { ready: true } once the module has loaded): wall from `new Worker` to that message and the
 * process's CPU over the same span (both threads).
 */
const WORKER_PROBE = `
import { Worker } from 'node:worker_threads';
const [module] = process.argv.slice(-1);
const c0 = process.cpuUsage();
const t0 = performance.now();
const w = module === 'empty' ? new Worker("import('node:worker_threads').then((m) => m.parentPort.postMessage({ ready: true }))", { eval: true, execArgv: [] }) : new Worker(new URL(module), { execArgv: [] });
w.once('message', () => {
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1e6 }));
  void w.terminate();
});
w.once('error', (e) => { console.error(e); process.exit(1); });
`;

function worker(name: string, build: Build | 'empty', module: string): Sample {
  const loadBefore = loadavg()[0]!;
  const p = spawnSync(process.execPath, ['--input-type=module', '-e', WORKER_PROBE, module], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`${name} (${build}): ${p.stderr.slice(0, 400)}`);
  const r = JSON.parse(p.stdout) as { wall: number; cpu: number };
  return { case: name, build, wallSeconds: r.wall, cpuSeconds: r.cpu, loadBefore };
}

/** Worker entries: every dist/bundle/<name>.mjs but the CLI's, with its dist/ twin where there is one. */
function workerCases(): { name: string; runs: [Build | 'empty', string][] }[] {
  const url = (p: string): string => pathToFileURL(join(ROOT, p)).href;
  const distOf = (name: string): string | undefined => ['develop', 'sweep', 'parallel'].map((d) => `dist/${d}/${name}.js`).find((p) => existsSync(p));
  const names = readdirSync('dist/bundle').filter((f) => f.endsWith('-thread.mjs')).map((f) => f.slice(0, -4));
  const cases: { name: string; runs: [Build | 'empty', string][] }[] = [{ name: 'worker: empty thread', runs: [['empty', 'empty']] }];
  for (const n of names) {
    const d = distOf(n);
    cases.push({ name: `worker: ${n}`, runs: [['bundle', url(`dist/bundle/${n}.mjs`)], ...(d !== undefined ? [['dist', url(d)] as [Build, string]] : [])] });
  }
  return cases;
}

const loadStart = loadavg();
const samples: Sample[] = [];
for (let rep = 0; rep < REPS; rep++) {
  const builds: Build[] = rep % 2 === 0 ? ['bundle', 'dist'] : ['dist', 'bundle'];
  for (const b of builds) {
    if (ONLY.includes('version')) samples.push(cli('--version', b, ['--version'], 0));
    if (ONLY.includes('bad-input')) samples.push(cli('predict nodir x.csv', b, ['predict', 'nodir', 'x.csv'], 2));
    if (ONLY.includes('demo')) samples.push(cli(`demo --threads ${DEMO_THREADS}`, b, ['demo', '--json', '--out', 'out', '--threads', DEMO_THREADS], 0));
  }
  if (ONLY.includes('workers')) {
    for (const c of workerCases()) {
      const runs = rep % 2 === 0 ? c.runs : [...c.runs].reverse();
      for (const [b, m] of runs) samples.push(worker(c.name, b, m));
    }
  }
  process.stdout.write(`rep ${rep + 1}/${REPS} done, load ${loadavg()[0]!.toFixed(2)}\n`);
}

const keys = [...new Set(samples.map((s) => `${s.case}\u0000${s.build}`))];
const summary = keys.map((k) => {
  const [name, build] = k.split('\u0000') as [string, string];
  const mine = samples.filter((s) => s.case === name && s.build === build);
  const startup = mine.filter((s) => s.startupSeconds !== undefined).map((s) => s.startupSeconds!);
  return {
    case: name,
    build,
    medianWallSeconds: median(mine.map((s) => s.wallSeconds)),
    medianCpuSeconds: median(mine.map((s) => s.cpuSeconds)),
    ...(startup.length > 0 ? { medianStartupSeconds: median(startup) } : {}),
    medianLoad: median(mine.map((s) => s.loadBefore)),
    reps: mine.length,
  };
});
for (const s of summary) {
  const startup = s.medianStartupSeconds !== undefined ? `, start-up ${s.medianStartupSeconds.toFixed(3)} s` : '';
  process.stdout.write(`${s.case.padEnd(28)} ${s.build.padEnd(6)}: wall ${s.medianWallSeconds.toFixed(3)} s, CPU ${s.medianCpuSeconds.toFixed(3)} s${startup}, load ${s.medianLoad.toFixed(2)} (median of ${s.reps})\n`);
}
process.stdout.write(`load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} → ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
if (JSON_OUT !== undefined) {
  const result = {
    benchmark: 'clinreg start-up: CLI bundle (dist/bundle) vs unbundled (dist/cli/main.js); worker-thread entries bundled vs dist; medians of interleaved reps',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavgBefore: loadStart, loadavgAfter: loadavg() },
    summary,
    samples,
  };
  writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
}
