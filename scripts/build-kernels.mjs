// Builds clinreg's compute kernels at `npm install` and `npm pack`, offline, into build/ (gitignored):
//   build/native/clinreg.node     N-API addon: each kernel source compiled per ISA (AVX-512,
//                                 AVX2+FMA, baseline) and picked at load by CPU detection
//   build/wasm/kernels-simd.wasm    AssemblyScript kernels, WebAssembly SIMD
//   build/wasm/kernels-relaxed.wasm the same with relaxed-SIMD fused multiply-add
// The native build calls the system C++ compiler directly ($CXX, else g++, else clang++) with
// the headers of the node-api-headers package, so nothing is downloaded. A step that cannot run
// prints one line and is skipped: install never fails, and clinreg then uses the next tier
// (native → wasm → plain TypeScript).
// The wasm modules are built before packing (`prepack`, with --strict) and shipped in the package:
// assemblyscript is a devDependency, so an installed package keeps the shipped .wasm files, and an
// `--ignore-scripts` install still runs the wasm tier. A git clone + `npm install` builds both.
// Usage: node scripts/build-kernels.mjs [--native-only | --wasm-only] [--strict]
//   --strict: exit 1 when a requested step fails (prepack must never ship a package without wasm).
// Environment: CXX (compiler), CLINREG_SKIP_NATIVE=1, CLINREG_SKIP_WASM=1, CLINREG_ALL_ISAS=1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = new Set(process.argv.slice(2));

const WASM_FILES = ['kernels-simd.wasm', 'kernels-relaxed.wasm'];
const KERNEL_SOURCES = ['gemm', 'elementwise', 'binary', 'softmax', 'batchnorm', 'conv', 'batched-gemm', 'layernorm', 'table', 'winograd'];
const ISAS = [
  { name: 'avx512', flags: ['-mavx512f', '-mavx2', '-mfma'], define: 'CLINREG_HAVE_AVX512', x86: true },
  { name: 'avx2', flags: ['-mavx2', '-mfma'], define: 'CLINREG_HAVE_AVX2', x86: true },
  { name: 'generic', flags: [], define: null, x86: false },
];
const COMMON = ['-std=c++17', '-O3', '-fPIC', '-fno-exceptions', '-fno-rtti', '-fvisibility=hidden', '-Wno-psabi'];

function say(line) {
  console.log(`clinreg kernels: ${line}`);
}

function findCompiler() {
  const candidates = process.env.CXX ? [process.env.CXX] : ['g++', 'clang++', 'c++'];
  for (const cxx of candidates) {
    const probe = spawnSync(cxx, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return cxx;
  }
  return null;
}

/** The CPU's feature flags from /proc/cpuinfo (Linux x86), or null when they cannot be read. */
function cpuFlags() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return line === undefined ? null : new Set(line.split(':')[1].trim().split(/\s+/));
  } catch {
    return null;
  }
}

function run(cmd, argv) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => resolve({ ok: false, err: String(e) }));
    child.on('close', (code) => resolve({ ok: code === 0, err }));
  });
}

/** Runs jobs (functions returning promises) with at most `limit` in flight. */
async function pool(jobs, limit) {
  const results = new Array(jobs.length);
  let next = 0;
  async function lane() {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
  return results;
}

async function buildNative() {
  if (process.platform === 'win32') return 'skipped (Windows: no MSVC build yet)';
  const cxx = findCompiler();
  if (cxx === null) return 'skipped (no C++ compiler found; set CXX)';
  let include;
  try {
    include = require('node-api-headers').include_dir;
  } catch {
    return 'skipped (the node-api-headers package is missing)';
  }
  const out = join(root, 'build', 'native');
  // Objects go to a per-process folder and the addon is renamed into place at the end, so a
  // clinreg running meanwhile keeps the previous addon instead of finding none.
  const objDir = join(out, `obj-${process.pid}`);
  mkdirSync(objDir, { recursive: true });
  const x86 = process.arch === 'x64' || process.arch === 'ia32';
  // Only the ISAs this CPU can run (the addon picks among them at load), which cuts install time;
  // CLINREG_ALL_ISAS=1 builds all of them (an addon copied to other machines).
  const flags = cpuFlags();
  const runnable = (isa) =>
    process.env.CLINREG_ALL_ISAS === '1' || flags === null || isa.name === 'generic' || (isa.name === 'avx2' ? flags.has('avx2') && flags.has('fma') : flags.has('avx512f') && flags.has('fma'));
  const isas = ISAS.filter((isa) => (x86 || !isa.x86) && runnable(isa));
  // Each ISA's kernel sources are compiled as one translation unit (a generated file that
  // #includes them): the standard headers are parsed once per ISA instead of once per file, which
  // halves the compile time (7 s instead of 14 s of CPU per ISA on a 2-core EPYC). Should an ISA's
  // unit fail (e.g. two sources defining the same internal name), its files are compiled one by one.
  const unitFor = (isa, srcs, tag) => {
    const file = join(objDir, `unit.${isa.name}.${tag}.cpp`);
    writeFileSync(file, srcs.map((src) => `#include ${JSON.stringify(join(root, 'native', `${src}.cpp`))}\n`).join(''));
    return () => run(cxx, [...COMMON, ...isa.flags, `-DCLINREG_NS=${isa.name}`, '-c', file, '-o', file.replace(/\.cpp$/, '.o')]).then((r) => ({ ...r, isa: isa.name, obj: file.replace(/\.cpp$/, '.o') }));
  };
  // The binding is compiled beside the kernels, assuming every ISA builds; it is compiled again
  // only when one does not (its -D flags list the ISAs the addon dispatches to).
  const bindingArgs = (isaList) => [
    ...isaList.filter((isa) => isa.define !== null).map((isa) => `-D${isa.define}`),
    '-DNODE_GYP_MODULE_NAME=clinreg',
    '-I',
    include,
  ];
  const baseJob = (src, argv) => () =>
    run(cxx, [...COMMON, ...argv, '-c', join('native', `${src}.cpp`), '-o', join(objDir, `${src}.o`)]).then((r) => ({ ...r, isa: null, obj: join(objDir, `${src}.o`) }));
  const limit = Math.max(1, cpus().length);
  const first = await pool(
    [...isas.map((isa) => unitFor(isa, KERNEL_SOURCES, 'all')), baseJob('binding', bindingArgs(isas)), baseJob('thread-pool', []), baseJob('signals', ['-I', include])],
    limit,
  );
  const results = first.filter((r) => r.isa !== null);
  for (const isa of isas) {
    const k = results.findIndex((r) => r.isa === isa.name);
    if (results[k].ok) continue;
    const perFile = await pool(KERNEL_SOURCES.map((src) => unitFor(isa, [src], src)), limit);
    results.splice(k, 1, ...perFile);
  }
  const failedIsas = new Set(results.filter((r) => !r.ok).map((r) => r.isa));
  if (failedIsas.has('generic')) {
    const bad = results.find((r) => !r.ok);
    return `skipped (compile failed: ${bad.err.split('\n').find((l) => l.includes('error')) ?? bad.err.slice(0, 200)})`;
  }
  const built = isas.filter((isa) => !failedIsas.has(isa.name));
  let base = first.filter((r) => r.isa === null);
  if (built.length < isas.length) base = [...base.filter((r) => !r.obj.endsWith(`binding.o`)), await baseJob('binding', bindingArgs(built))()];
  const bad = base.find((r) => !r.ok);
  if (bad) return `skipped (compile failed: ${bad.err.split('\n').find((l) => l.includes('error')) ?? bad.err.slice(0, 200)})`;
  const objs = [...base.map((r) => r.obj), ...results.filter((r) => r.ok && built.some((isa) => isa.name === r.isa)).map((r) => r.obj)];
  const linkFlags = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared', '-pthread'];
  const tmp = join(out, `clinreg.${process.pid}.tmp.node`);
  const link = await run(cxx, [...linkFlags, '-o', tmp, ...objs]);
  if (!link.ok) return `skipped (link failed: ${link.err.split('\n')[0]})`;
  // Prove the addon loads in this Node before installing it under its final name.
  const probe = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(tmp)}).info().isa)`], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    rmSync(tmp, { force: true });
    return `skipped (the built addon does not load: ${probe.stderr.split('\n').find((l) => l.trim()) ?? ''})`;
  }
  renameSync(tmp, join(out, 'clinreg.node'));
  return `native addon built with ${cxx} (${built.map((i) => i.name).join(', ')}; this CPU uses ${probe.stdout.trim()})`;
}

async function buildWasm() {
  let asc;
  try {
    asc = (await import('assemblyscript/asc')).default;
  } catch {
    const shipped = WASM_FILES.filter((f) => existsSync(join(root, 'build', 'wasm', f)));
    if (shipped.length > 0) return { ok: true, line: `wasm: using the prebuilt kernels shipped in the package (${shipped.join(', ')})` };
    return { ok: false, line: 'wasm skipped (the assemblyscript package is missing and no prebuilt build/wasm/*.wasm)' };
  }
  const out = join(root, 'build', 'wasm');
  mkdirSync(out, { recursive: true });
  const variants = [
    { file: 'kernels-simd.wasm', features: ['--enable', 'simd'] },
    { file: 'kernels-relaxed.wasm', features: ['--enable', 'simd', '--enable', 'relaxed-simd'] },
  ];
  const made = [];
  for (const v of variants) {
    // Written beside the target and renamed, so a running clinreg never sees a half-written module.
    const target = join(out, v.file);
    const tmp = `${target}.${process.pid}.tmp`;
    let stderr = '';
    const { error } = await asc.main(
      [join(root, 'asm', 'index.ts'), '--outFile', tmp, '-O3', '--runtime', 'stub', '--noAssert', ...v.features],
      { stdout: { write: () => true }, stderr: { write: (s) => ((stderr += s), true) } },
    );
    if (error || !existsSync(tmp)) {
      rmSync(tmp, { force: true });
      return { ok: false, line: `wasm ${v.file} failed (${String(error ?? stderr).split('\n')[0]})` };
    }
    renameSync(tmp, target);
    made.push(v.file);
  }
  return { ok: true, line: `wasm built (${made.join(', ')})` };
}

async function main() {
  const steps = [];
  if (!args.has('--wasm-only') && process.env.CLINREG_SKIP_NATIVE !== '1') {
    const line = await buildNative();
    const ok = line.startsWith('native addon built');
    const out = join(root, 'build', 'native');
    // A failed build leaves no addon behind (a stale one would not match the sources), and no objects.
    if (existsSync(out)) {
      for (const name of readdirSync(out)) {
        if (name.startsWith(`obj-${process.pid}`) || name.includes(`.${process.pid}.tmp`) || (!ok && name === 'clinreg.node')) {
          rmSync(join(out, name), { recursive: true, force: true });
        }
      }
    }
    steps.push({ ok, line: ok ? line : `native addon ${line}` });
  }
  if (!args.has('--native-only') && process.env.CLINREG_SKIP_WASM !== '1') steps.push(await buildWasm());
  for (const { line } of steps) say(line);
  if (args.has('--strict') && steps.some((s) => !s.ok)) process.exitCode = 1;
}

main().catch((e) => {
  say(`build skipped (${String(e && e.message ? e.message : e).split('\n')[0]})`);
  if (args.has('--strict')) process.exitCode = 1;
});
