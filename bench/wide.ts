// Benchmark: `clinreg shift` and `clinreg audit` on wide data — by default 10,000 numeric columns ×
// 1,000 rows × 4 sites (issue 20: "in seconds, not minutes"). The CSV is generated once (seeded),
// then each command runs in a fresh process (the real CLI, dist/cli/main.js, `--json`), the two
// commands interleaved, and the medians are reported with the load average before and after.
//
//   npx tsc -p tsconfig.build.json && node --import tsx bench/wide.ts [--cols 10000] [--rows 1000] [--sites 4] [--reps 3]
//
//   node --import tsx bench/wide.ts --write-only /tmp/wide.csv   (only the CSV, for profiling)
//
// Writes bench/results/wide.json (or wide-<cols>x<rows>.json when not the default size).
// Columns: site (s0…s{k-1}, round robin), y (0/1), x0…x{cols-1}: numeric with two decimals; the
// first 1% of the columns shift with the site, 1 in 50 has 5% missing values, 1 in 100 is
// constant at one site, so every code path of the checks (findings, not just "no shift") runs.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Generator } from '../src/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COLS = option('cols', 10_000);
const ROWS = option('rows', 1_000);
const SITES = option('sites', 4);
const REPS = option('reps', 3);
const commands = args.includes('--only-shift') ? ['shift'] : args.includes('--only-audit') ? ['audit'] : ['shift', 'audit'];

async function writeCsv(path: string): Promise<void> {
  const g = new Generator(20);
  const out = createWriteStream(path);
  const header = ['site', 'y'];
  for (let c = 0; c < COLS; c++) header.push(`x${c}`);
  out.write(header.join(',') + '\n');
  const shifted = Math.max(1, Math.floor(COLS / 100));
  for (let r = 0; r < ROWS; r++) {
    const s = r % SITES;
    const cells: string[] = [`s${s}`, g.random() < 0.3 ? '1' : '0'];
    for (let c = 0; c < COLS; c++) {
      if (c % 50 === 7 && g.random() < 0.05) {
        cells.push('');
        continue;
      }
      if (c % 100 === 11 && s === 0) {
        cells.push('1');
        continue;
      }
      const shift = c < shifted ? 0.5 * s : 0;
      cells.push((Math.round((10 + shift + g.normal()) * 100) / 100).toString());
    }
    if (!out.write(cells.join(',') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Run {
  seconds: number;
  /** User + system CPU seconds of the CLI process (less sensitive to load than wall time). */
  cpuSeconds: number;
  maxRssMB: number;
  status: number | null;
  findings: number;
}

function runCli(command: string, file: string): Run {
  const argv = command === 'shift' ? ['shift', file, '--site', 'site', '--json'] : ['audit', file, '--target', 'y', '--site', 'site', '--json'];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, 'dist/cli/main.js', ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  const [rssKb, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
  let findings = -1;
  try {
    const parsed = JSON.parse(r.stdout) as { findings?: unknown[] };
    findings = Array.isArray(parsed.findings) ? parsed.findings.length : -1;
  } catch {
    process.stderr.write(`${command}: output is not JSON (exit ${String(r.status)}): ${r.stderr.slice(0, 400)}\n`);
  }
  return { seconds, cpuSeconds: user + sys, maxRssMB: rssKb / 1024, status: r.status, findings };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const outAt = args.indexOf('--write-only');
if (outAt >= 0) {
  // Only write the CSV (for profiling: node --cpu-prof dist/cli/main.js shift PATH --site site).
  await writeCsv(args[outAt + 1]!);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'clinreg-wide-'));
const file = join(dir, 'wide.csv');
const g0 = performance.now();
await writeCsv(file);
const generateSeconds = (performance.now() - g0) / 1000;
const megabytes = statSync(file).size / 2 ** 20;
process.stdout.write(`wide: ${COLS} columns × ${ROWS} rows × ${SITES} sites, ${megabytes.toFixed(1)} MB, generated in ${generateSeconds.toFixed(1)} s\n`);
const loadBefore = loadavg();
const runs: Record<string, Run[]> = Object.fromEntries(commands.map((c) => [c, []]));
for (let rep = 0; rep < REPS; rep++) {
  for (const c of commands) {
    const r = runCli(c, file);
    runs[c]!.push(r);
    process.stdout.write(`  ${c} rep ${rep + 1}: ${r.seconds.toFixed(2)} s (cpu ${r.cpuSeconds.toFixed(2)}), peak RSS ${r.maxRssMB.toFixed(0)} MB, exit ${String(r.status)}, ${r.findings} findings, load ${loadavg()[0]!.toFixed(2)}\n`);
  }
}
const loadAfter = loadavg();
rmSync(dir, { recursive: true, force: true });
const summary = Object.fromEntries(
  commands.map((c) => [c, { medianSeconds: median(runs[c]!.map((r) => r.seconds)), medianCpuSeconds: median(runs[c]!.map((r) => r.cpuSeconds)), medianPeakRssMB: median(runs[c]!.map((r) => r.maxRssMB)), runs: runs[c] }]),
);
const result = {
  benchmark: 'clinreg shift / audit on wide data (CLI, fresh process per run, --json)',
  date: new Date().toISOString(),
  columns: COLS,
  rows: ROWS,
  sites: SITES,
  reps: REPS,
  file: { megabytes, generateSeconds },
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadAfter },
  ...summary,
};
mkdirSync('bench/results', { recursive: true });
const name = COLS === 10_000 && ROWS === 1_000 && SITES === 4 ? 'wide.json' : `wide-${COLS}x${ROWS}x${SITES}.json`;
writeFileSync(join('bench/results', name), JSON.stringify(result, null, 2) + '\n');
for (const c of commands) process.stdout.write(`${c}: median ${summary[c]!.medianSeconds.toFixed(2)} s, cpu ${summary[c]!.medianCpuSeconds.toFixed(2)} s (load ${loadBefore[0]!.toFixed(2)} → ${loadAfter[0]!.toFixed(2)})\n`);
