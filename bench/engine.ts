// Engine benchmark (issue 7): clinreg's kernel tiers against PyTorch 1.13 CPU pinned to 1 and to
// 2 threads, interleaved round by round, medians of ≥ 5, ratio against the faster PyTorch.
//   GEMM GFLOP/s at the issue's shapes, and the 8 GEMMs of one seed-MLP step;
//   (a) seed MLP, 10,000×20, batch 64, AdamW, one epoch   (b) 30-pass MC dropout, 10,000 rows
//   (c) seed CNN, 512 images 3×32×32, batch 32, one epoch  (d) seed-MLP step at batch 4096
// Writes bench/results/engine.json and prints a markdown table.
// Usage: node --import tsx bench/engine.ts [--reps 5] [--only gemm|workloads] [--tiers native,wasm,ts]
//        [--workloads mlp_epoch,mc_dropout,cnn_epoch,mlp_step4096] (default: all four) [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { kernels as K } from '../src/index.js';
import { JsonServer } from './engine/json-server.js';
import { torchMissing, torchServer, tunedBlas, type TunedBlas } from './engine/torch-server.js';
import { WORKLOADS } from './engine/goals.js';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const REPS = Math.max(5, Number(arg('reps') ?? 5));
const ONLY = arg('only');
/** Where the results go (default bench/results/engine.json; a partial run can write elsewhere). */
const OUT = arg('out') ?? 'bench/results/engine.json';
const TIERS = (arg('tiers')?.split(',') ?? K.availableTiers()) as K.KernelTier[];

const ONLY_WORKLOADS = arg('workloads')?.split(',') ?? null;
/**
 * Untimed calls before round 1. An epoch or 30 passes warm themselves up; a single step does not:
 * in a fresh process the wasm batch-4096 step took 134, 75, 55, 40, … 34 ms of CPU over its first
 * calls (V8 tiering JS and wasm up in background threads), so one warm-up call left rounds 1–5 in
 * it. A call of (d) runs STEPS_PER_SAMPLE (5) steps: 2 calls warm it with 10 (8 single steps before).
 */
const WARMUP = (id: string): number => (id === 'mlp_step4096' ? 2 : 1);

/**
 * Pause after PyTorch runs: OpenBLAS worker threads busy-wait ~0.1 s after each call (its
 * THREAD_TIMEOUT), which would steal a core from the clinreg run that follows.
 */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

const GEMM_SHAPES: Array<[m: number, k: number, n: number]> = [[64, 20, 128], [4096, 128, 64], [1024, 1024, 1024]];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

type Samples = Record<string, number[]>;
const samples: Samples = {};
const add = (key: string, value: number): void => void (samples[key] ??= []).push(value);

interface Variant {
  name: string;
  tier: K.KernelTier;
  threads: number;
}
const hardwareThreads = K.availableTiers().includes('native') ? K.kernelInfo().threads : 1;
const VARIANTS: Variant[] = TIERS.flatMap((tier): Variant[] =>
  tier === 'native' && hardwareThreads > 1
    ? [{ name: 'native', tier, threads: hardwareThreads }, { name: 'native-1t', tier, threads: 1 }]
    : [{ name: tier, tier, threads: 1 }],
);
const variants = (tiers: readonly string[]): Variant[] => VARIANTS.filter((v) => tiers.includes(v.tier));

type Seconds = { seconds: number };
/** The BLAS each PyTorch server runs on, the tuned OpenBLAS, and the load averages per round. */
const blas: Record<string, string> = {};
let tuned: TunedBlas | null = null;
const loads: number[][] = [];

async function main(): Promise<void> {
  const missing = torchMissing();
  if (missing !== null) console.log(`PyTorch unavailable (${missing}); timing clinreg alone.`);
  // PyTorch as installed, and with an OpenBLAS whose kernel fits this CPU (Debian's default BLAS
  // may be the netlib reference or a generic OpenBLAS core); ratios are against the fastest.
  tuned = missing === null ? tunedBlas() : null;
  if (missing === null && tuned === null) console.log('No OpenBLAS found for a tuned PyTorch (set CLINREG_BENCH_OPENBLAS); comparing with PyTorch as installed only.');
  const torch = missing === null ? [torchServer(1), torchServer(2), ...(tuned !== null ? [torchServer(1, tuned), torchServer(2, tuned)] : [])] : [];
  // Each clinreg variant in its own process, like an application using one tier: CLINREG_KERNELS
  // keeps the other tiers unloaded (a wasm-only install has no native addon and its malloc settings).
  const ours = new Map(VARIANTS.map((v) => [v.name, new JsonServer(v.name, process.execPath, ['--import', 'tsx', 'bench/engine/clinreg-server.ts', v.tier, String(v.threads)], { CLINREG_KERNELS: v.tier })]));
  const versions = await Promise.all(torch.map((t) => t.request<{ torch: string; blas?: string }>(null)));
  for (const [i, t] of torch.entries()) blas[t.name] = versions[i]?.blas ?? 'unknown';
  loads.push(loadavg());
  await Promise.all([...ours.values()].map((s) => s.request(null)));

  for (let round = 0; round < REPS; round++) {
    process.stderr.write(`round ${round + 1}/${REPS} (load ${loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
    if (ONLY !== 'workloads') {
      for (const [m, k, n] of GEMM_SHAPES) {
        const flops = 2 * m * n * k;
        for (const v of variants(['native', 'wasm', 'ts'])) {
          if (v.tier === 'ts' && flops > 1e9 && round > 0) continue;
          add(`gemm ${m}×${k}×${n} ${v.name}`, flops / (await ours.get(v.name)!.request<Seconds>({ task: 'gemm', m, n, k })).seconds / 1e9);
        }
        for (const t of torch) {
          const reps = Math.max(3, Math.round(2e8 / flops));
          add(`gemm ${m}×${k}×${n} ${t.name}`, flops / (await t.request<Seconds>({ task: 'gemm', m, n, k, reps })).seconds / 1e9);
        }
        await settle();
      }
      for (const v of VARIANTS) add(`mlp gemms ${v.name}`, (await ours.get(v.name)!.request<Seconds>({ task: 'mlp_gemms' })).seconds * 1e6);
      for (const t of torch) add(`mlp gemms ${t.name}`, (await t.request<Seconds>({ task: 'mlp_gemms', reps: 2000 })).seconds * 1e6);
      await settle();
    }
    if (ONLY !== 'gemm') {
      for (const w of WORKLOADS) {
        if (ONLY_WORKLOADS !== null && !ONLY_WORKLOADS.includes(w.id)) continue;
        for (const v of variants(w.tiers)) {
          const server = ours.get(v.name)!;
          // Warm-up: a single step needs ~3–8 calls before V8's JIT tiers settle (see WARMUP).
          if (round === 0) for (let i = 0; i < WARMUP(w.id); i++) await server.request({ task: w.id });
          add(`${w.id} ${v.name}`, (await server.request<Seconds>({ task: w.id })).seconds);
        }
        for (const t of torch) {
          if (round === 0) for (let i = 0; i < WARMUP(w.id); i++) await t.request({ task: w.id });
          add(`${w.id} ${t.name}`, (await t.request<Seconds>({ task: w.id })).seconds);
        }
        await settle();
      }
    }
    loads.push(loadavg());
  }

  const torchPeaks = await Promise.all(torch.map((t) => t.request<{ maxrss_kib: number }>({ task: 'peak' })));
  const ourPeaks: Record<string, number> = {};
  for (const [name, server] of ours) ourPeaks[name] = (await server.request<{ maxrss_kib: number }>({ task: 'peak' })).maxrss_kib / 1024;
  [...torch, ...ours.values()].forEach((s) => s.close());
  report(versions[0]?.torch ?? null, torchPeaks.map((p) => p.maxrss_kib), ourPeaks);
}

function report(torchVersion: string | null, torchPeaksKib: number[], ourPeaksMiB: Record<string, number>): void {
  const med: Record<string, number> = {};
  for (const [key, xs] of Object.entries(samples)) med[key] = median(xs);
  const lines: string[] = [];
  const info = K.kernelInfo();
  lines.push(`clinreg engine benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, Node ${process.version}, PyTorch ${torchVersion ?? 'n/a'}`);
  lines.push(`native ISA ${info.nativeIsa ?? 'n/a'}, ${info.threads} threads; wasm ${info.relaxedSimd ? 'relaxed-SIMD' : 'SIMD'}; medians of ${REPS} interleaved rounds`);
  lines.push(`PyTorch BLAS: ${Object.entries(blas).map(([k, v]) => `${k} ${v}`).join('; ')}${tuned !== null ? ` (tuned: OPENBLAS_CORETYPE=${tuned.coreType ?? 'auto'})` : ''}`);
  const l1 = loads.map((l) => l[0]!);
  lines.push(`load average (1 min) during the run: ${Math.min(...l1).toFixed(2)}–${Math.max(...l1).toFixed(2)} on ${cpus().length} cores`);
  const ratios: Record<string, number> = {};
  if (ONLY !== 'workloads') {
    lines.push('', '| GEMM (GFLOP/s, higher is better) | ' + GEMM_SHAPES.map(([m, k, n]) => `${m}×${k}×${n}`).join(' | ') + ' | seed-MLP step GEMMs (µs) |');
    lines.push('|---|' + GEMM_SHAPES.map(() => '---').join('|') + '|---|');
    const names = [...new Set(Object.keys(med).filter((k) => k.startsWith('mlp gemms ')).map((k) => k.slice('mlp gemms '.length)))];
    for (const name of names) {
      const cells = GEMM_SHAPES.map(([m, k, n]) => med[`gemm ${m}×${k}×${n} ${name}`]?.toFixed(1) ?? '–');
      lines.push(`| ${name} | ${cells.join(' | ')} | ${med[`mlp gemms ${name}`]!.toFixed(1)} |`);
    }
  }
  if (ONLY !== 'gemm') {
    lines.push('', '| workload | tier | clinreg (ms) | PyTorch 1t (ms) | PyTorch 2t (ms) | tuned 1t (ms) | tuned 2t (ms) | ratio vs best PyTorch | target |', '|---|---|---|---|---|---|---|---|---|');
    for (const w of WORKLOADS) {
      const t1 = med[`${w.id} torch-1t`];
      const t2 = med[`${w.id} torch-2t`];
      const tt1 = med[`${w.id} torch-tuned-1t`];
      const tt2 = med[`${w.id} torch-tuned-2t`];
      const present = [t1, t2, tt1, tt2].filter((x): x is number => x !== undefined);
      const best = present.length === 0 ? undefined : Math.min(...present);
      for (const v of variants(w.tiers)) {
        const ours = med[`${w.id} ${v.name}`];
        if (ours === undefined) continue;
        const ratio = best === undefined ? undefined : ours / best;
        if (ratio !== undefined) ratios[`${w.id} ${v.name}`] = ratio;
        const target = v.name === 'native' ? `≤ ${w.target}` : v.name === 'wasm' && 'wasmTarget' in w ? `≤ ${w.wasmTarget}` : '';
        const fmt = (x: number | undefined): string => (x === undefined ? '–' : (x * 1e3).toFixed(1));
        lines.push(`| ${w.label} | ${v.name} | ${fmt(ours)} | ${fmt(t1)} | ${fmt(t2)} | ${fmt(tt1)} | ${fmt(tt2)} | ${ratio?.toFixed(2) ?? '–'} | ${target} |`);
      }
    }
  }
  const peaks = Object.entries(ourPeaksMiB).map(([name, mib]) => `${name} ${mib.toFixed(0)} MiB`).join(', ');
  lines.push('', `Peak RSS per process (every workload it ran): clinreg ${peaks}; PyTorch ${torchPeaksKib.map((k, i) => `${Object.keys(blas)[i] ?? '?'} ${(k / 1024).toFixed(0)} MiB`).join(', ')}.`);
  console.log(lines.join('\n'));
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadavg: loads }, torch: torchVersion, torchBlas: blas, openblasCoreType: tuned?.coreType ?? null, kernels: info, reps: REPS, medians: med, ratios, samples, peakRssMiB: { clinreg: ourPeaksMiB, torch: torchPeaksKib.map((k) => k / 1024) } }, null, 2)}\n`);
}

await main();
