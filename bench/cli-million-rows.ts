// Scale check of issue 9's "1,000,000 rows (streamed, no memory blow-up)": runs `clinreg audit`
// and `clinreg shift` end to end (as a user would, child processes, from source through tsx) on a
// generated 1,000,000-row, 4-site CSV with the V8 heap capped, and records wall time and peak RSS.
// There is no Python CLI to compare with; reading speed against a Python reference is bench/csv.ts.
// Run: node --import tsx bench/cli-million-rows.ts [--rows N] [--heap-mb M]
// Writes bench/results/cli-million-rows.json; exits 1 if a run fails or prints anything but JSON.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = option('--rows', 1_000_000);
const heapMb = option('--heap-mb', 512);

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('site,patient,age,sbp,chol,lactate,y\n');
  let x = 12345;
  const r = (): number => ((x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const site = i & 3;
    const age = 30 + 50 * r() + site * 2;
    const lactate = r() < 0.05 ? '' : (0.5 + 3 * r()).toFixed(2);
    chunk += `s${site},P${i},${age.toFixed(2)},${(100 + 60 * r()).toFixed(1)},${(150 + 150 * r()).toFixed(1)},${lactate},${r() < (age - 30) / 60 ? 1 : 0}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

// Reports the child's peak RSS on stderr after everything else, as one JSON line.
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n@@rss '+process.resourceUsage().maxRSS*1024+'\\n'))`;

function run(cli: string[]): { command: string; seconds: number; exitCode: number | null; maxRssMb: number; jsonOnly: boolean; rowsReported: unknown; findings: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', RSS_HOOK, 'src/cli/main.ts', ...cli], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heapMb}` },
  });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /@@rss (\d+)/.exec(r.stderr);
  let doc: { rows?: unknown; findings?: unknown[] } | undefined;
  try {
    doc = JSON.parse(r.stdout) as typeof doc;
  } catch {
    doc = undefined;
  }
  const stderrRest = r.stderr.replace(/\n?@@rss \d+\n/, '');
  if (doc === undefined || stderrRest !== '') process.stderr.write(`${cli[0]} failed: exit ${r.status}\n${stderrRest}\n`);
  return {
    command: `clinreg ${cli.join(' ')}`,
    seconds,
    exitCode: r.status,
    maxRssMb: rss !== null ? Number(rss[1]) / 2 ** 20 : NaN,
    jsonOnly: doc !== undefined && stderrRest === '',
    rowsReported: doc?.rows,
    findings: doc?.findings?.length ?? -1,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'clinreg-cli-1m-'));
try {
  const file = join(dir, 'million.csv');
  const g0 = performance.now();
  await generate(file);
  const generateSeconds = (performance.now() - g0) / 1000;
  const loadBefore = loadavg();
  const runs = [
    run(['audit', file, '--target', 'y', '--site', 'site', '--patient', 'patient', '--json']),
    run(['shift', file, '--site', 'site', '--target', 'y', '--patient', 'patient', '--json']),
  ];
  const result = {
    benchmark: 'cli-million-rows: clinreg audit and shift end to end on a generated CSV, V8 heap capped',
    date: new Date().toISOString(),
    rows,
    heapLimitMb: heapMb,
    file: { megabytes: statSync(file).size / 2 ** 20, generateSeconds, layout: 'site(4), patient id, age, sbp, chol, lactate (5% missing), y' },
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model.trim(), node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
    runs,
    ok: runs.every((r) => r.jsonOnly && r.rowsReported === rows && (r.exitCode === 0 || r.exitCode === 1)),
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cli-million-rows.json', `${JSON.stringify(result, null, 2)}\n`);
  for (const r of runs) console.log(`${r.command.split(' ').slice(0, 2).join(' ')}: ${r.seconds.toFixed(1)} s, peak RSS ${r.maxRssMb.toFixed(0)} MB, exit ${r.exitCode}, ${r.findings} findings`);
  console.log(result.ok ? 'ok' : 'FAILED');
  process.exitCode = result.ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
