// Benchmark: what installing clinreg costs a user. `npm pack` (runs prepack: the wasm kernels are
// built and shipped), then the tarball is installed into a new empty app twice: with install
// scripts (the native addon is compiled when a C++ compiler exists) and with --ignore-scripts
// (pnpm's default; the shipped wasm must run, not plain TypeScript). For each: wall time of
// `npm install`, node_modules size (apparent bytes and disk usage), the largest packages, the
// kernel tier the installed package picks (and why), whether the tier note is printed on a
// terminal, and the wall time of `clinreg demo` with that tier.
// The package is packed from a fresh clone of the committed HEAD (node_modules linked from this
// checkout), so work in progress in the working tree neither breaks nor leaks into the package.
// Run: node --import tsx bench/install-footprint.ts [--cold] [--keep] [--worktree]
//   --worktree: pack this working tree as it is instead of a clone of HEAD
//   --cold: use an empty npm cache for the installs (downloads everything; default: the user's cache)
//   --keep: leave the temporary apps in place (their paths are printed)
// Writes bench/results/install-footprint.json. Needs network access to the npm registry (or a warm cache).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = new Set(process.argv.slice(2));
const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'clinreg-install-'));
const npmCache = args.has('--cold') ? join(work, 'npm-cache') : null;

interface Timed {
  seconds: number;
  /** CPU seconds (user + system) of the command and every process it waited for; load-independent, unlike `seconds`. */
  cpuSeconds: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** CPU seconds of this process's reaped children so far (cutime + cstime of /proc/self/stat; 0 off Linux). */
function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

function run(cmd: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Timed {
  const t0 = performance.now();
  const c0 = childCpuSeconds();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpuSeconds: childCpuSeconds() - c0, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function must(what: string, r: Timed): Timed {
  if (r.status !== 0) throw new Error(`${what} failed (status ${r.status}):\n${r.stderr.slice(-2000)}`);
  return r;
}

/** Apparent size in bytes of everything under `dir` (symlinks not followed). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    total += st.isDirectory() ? bytesUnder(p) : st.size;
  }
  return total;
}

/** Top-level packages of node_modules (scopes expanded), largest first. */
function packages(nodeModules: string): Array<{ name: string; megabytes: number }> {
  const out: Array<{ name: string; megabytes: number }> = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    const p = join(nodeModules, name);
    if (name.startsWith('@')) {
      for (const sub of readdirSync(p)) out.push({ name: `${name}/${sub}`, megabytes: bytesUnder(join(p, sub)) / 1e6 });
    } else out.push({ name, megabytes: bytesUnder(p) / 1e6 });
  }
  return out.sort((a, b) => b.megabytes - a.megabytes);
}

const MB = (b: number): number => Math.round(b / 1e4) / 100;
const loadBefore = loadavg();
const npmEnv = npmCache !== null ? { npm_config_cache: npmCache } : {};

let source = root;
let commit = run('git', ['rev-parse', 'HEAD'], root).stdout.trim();
if (!args.has('--worktree')) {
  source = join(work, 'clone');
  must('git clone', run('git', ['clone', '--quiet', '--no-hardlinks', root, source], root));
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'), 'dir');
} else commit += ' + working tree';
console.log(`install-footprint: packing ${source} (prepack builds the wasm kernels, prepare compiles dist/)`);
const pack = must('npm pack', run('npm', ['pack', '--json', '--pack-destination', work], source));
const packInfo = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: Array<{ path: string }>;
}>;
const tarball = join(work, packInfo[0]!.filename);
const shippedWasm = packInfo[0]!.files.map((f) => f.path).filter((p) => p.endsWith('.wasm'));
console.log(`  ${packInfo[0]!.filename}: ${MB(packInfo[0]!.size)} MB packed, ${packInfo[0]!.entryCount} files, wasm: ${shippedWasm.join(', ') || 'NONE'}`);

const TIER_PROBE = `import('clinreg').then((m) => { const k = m.kernels.kernelInfo(); console.log(JSON.stringify({ tier: k.tier, reason: k.reason, wasmPath: k.wasmPath, nativeIsa: k.nativeIsa })); })`;

const modes = [
  { name: 'with install scripts', flags: [] as string[] },
  { name: '--ignore-scripts', flags: ['--ignore-scripts'] },
];
const results = [];
for (const mode of modes) {
  const app = join(work, mode.flags.length === 0 ? 'app-scripts' : 'app-ignore-scripts');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
  console.log(`install-footprint: npm install ${mode.name} into ${app}`);
  const install = must(
    'npm install',
    run('npm', ['install', tarball, '--omit=dev', '--no-audit', '--no-fund', '--foreground-scripts', ...mode.flags], app, npmEnv),
  );
  const nodeModules = join(app, 'node_modules');
  const bytes = bytesUnder(nodeModules);
  const du = Number(run('du', ['-sk', nodeModules], app).stdout.split(/\s/)[0]) * 1024;
  const tierRun = must('tier probe', run(process.execPath, ['--input-type=module', '-e', TIER_PROBE], app));
  const tier = JSON.parse(tierRun.stdout.trim().split('\n').pop()!) as { tier: string; reason: string; wasmPath: string | null; nativeIsa: string | null };
  // `script` gives the CLI a terminal, so the one-time tier note (TTY only) can be observed.
  const tty = run('script', ['-qec', 'node node_modules/.bin/clinreg --version', '/dev/null'], app);
  const demo = run(process.execPath, ['node_modules/.bin/clinreg', 'demo', '--out', join(app, 'demo-out')], app);
  const kernelLines = install.stdout.split('\n').filter((l) => l.includes('clinreg kernels:'));
  const r = {
    mode: mode.name,
    installSeconds: install.seconds,
    installCpuSeconds: install.cpuSeconds,
    nodeModulesMegabytes: MB(bytes),
    nodeModulesDiskMegabytes: MB(du),
    largestPackages: packages(nodeModules).slice(0, 8).map((p) => ({ name: p.name, megabytes: Math.round(p.megabytes * 100) / 100 })),
    buildLines: kernelLines.map((l) => l.trim()),
    tier: tier.tier,
    tierReason: tier.reason,
    wasmPath: tier.wasmPath,
    nativeIsa: tier.nativeIsa,
    ttyNotice: tty.stdout.split('\n').find((l) => l.startsWith('clinreg: running')) ?? null,
    demoSeconds: demo.status === 0 ? demo.seconds : null,
    demoCpuSeconds: demo.status === 0 ? demo.cpuSeconds : null,
    demoError: demo.status === 0 ? null : demo.stderr.slice(-500),
  };
  console.log(
    `  ${MB(bytes)} MB node_modules (du ${MB(du)} MB), install ${install.seconds.toFixed(1)} s (CPU ${install.cpuSeconds.toFixed(1)} s), tier ${tier.tier}, demo ${r.demoSeconds?.toFixed(1) ?? 'failed'} s`,
  );
  for (const l of r.buildLines) console.log(`  ${l}`);
  results.push(r);
}

const out = {
  benchmark: 'install-footprint: npm pack, then npm install of the tarball into a new empty app (production, with and without install scripts)',
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    npm: run('npm', ['--version'], root).stdout.trim(),
    compiler: run(process.env['CXX'] ?? 'g++', ['--version'], root).stdout.split('\n')[0] ?? null,
    loadavgBefore: loadBefore.map((x) => Math.round(x * 100) / 100),
    loadavgAfter: loadavg().map((x) => Math.round(x * 100) / 100),
  },
  npmCache: npmCache !== null ? 'cold (empty cache)' : 'warm (user cache)',
  pack: {
    commit,
    seconds: pack.seconds,
    filename: packInfo[0]!.filename,
    packedMegabytes: MB(packInfo[0]!.size),
    unpackedMegabytes: MB(packInfo[0]!.unpackedSize),
    files: packInfo[0]!.entryCount,
    shippedWasm,
  },
  installs: results,
  goals: { nodeModulesMegabytes: 40, installSecondsWithCompiler: 20, ignoreScriptsTier: 'wasm' },
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'install-footprint.json'), JSON.stringify(out, null, 2) + '\n');
console.log('wrote bench/results/install-footprint.json');
if (args.has('--keep')) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
