import { activeChoice, loadNative, loadWasm } from './select.js';
import type { KernelTier } from './kernels.js';

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
const hostModule = isNode ? await import('./node-host.js') : null;

/** What `clinreg doctor` prints about the compute kernels. */
export interface KernelInfo {
  /** The active tier. */
  tier: KernelTier;
  /** Why that tier is active (forced, or why faster tiers did not load). */
  reason: string;
  /** CPU features relevant to the kernels (from the addon's cpuid probe, else /proc/cpuinfo). */
  cpuFeatures: string[];
  /** Path of the native addon when it loaded, else null. */
  nativePath: string | null;
  /** The native ISA path in use ('avx512', 'avx2', 'generic') or null. */
  nativeIsa: string | null;
  /** Threads the native kernels may use (1 without the addon). */
  threads: number;
  /** Why the native addon did not load (null when it did). */
  nativeError: string | null;
  /** Path of the wasm module loaded (relaxed-SIMD or SIMD variant), else null. */
  wasmPath: string | null;
  /** Whether the loaded wasm uses relaxed-SIMD fused multiply-add. */
  relaxedSimd: boolean;
  /** Why the wasm kernels did not load (null when they did). */
  wasmError: string | null;
}

/**
 * Which kernel tier is active and why, with CPU features and build paths (for `clinreg doctor`).
 * Loading the wasm module to report on it does not change the active tier.
 * @example const { tier, reason } = kernelInfo(); console.log(`kernels: ${tier} (${reason})`);
 */
export function kernelInfo(): KernelInfo {
  const choice = activeChoice();
  const native = loadNative();
  const wasm = loadWasm();
  const host = native.info;
  return {
    tier: choice.tier,
    reason: choice.reason,
    cpuFeatures: host !== null ? host.cpu : procFlags(),
    nativePath: native.addon !== null ? nativeFile() : null,
    nativeIsa: host?.isa ?? null,
    threads: host?.threads ?? 1,
    nativeError: native.error,
    wasmPath: wasm.path,
    relaxedSimd: wasm.relaxedSimd,
    wasmError: wasm.error,
  };
}

function nativeFile(): string | null {
  return hostModule?.nativePath ?? null;
}

function procFlags(): string[] {
  return hostModule?.cpuFlagsFromProc() ?? [];
}

/**
 * A one-paragraph note for people when clinreg is not running its native kernels: which tier runs,
 * why the native addon did not load, and how to get it. null when native runs, or when the tier
 * was chosen on purpose with `CLINREG_KERNELS`. The CLI prints it once on a terminal's stderr;
 * `clinreg doctor` prints it too.
 * @example const note = tierNotice(); if (note !== null) console.error(note);
 */
export function tierNotice(): string | null {
  const choice = activeChoice();
  if (choice.tier === 'native' || choice.reason.startsWith('forced')) return null;
  const native = loadNative();
  const speed = choice.tier === 'wasm' ? 'WebAssembly SIMD kernels, about 3–5× slower than native in the engine benchmark' : 'plain TypeScript kernels, 10× or more slower than native';
  const why = native.error ?? 'the native addon did not load';
  const wasmWhy = choice.tier === 'ts' ? ` The wasm kernels did not load either: ${loadWasm().error ?? 'unknown reason'}.` : '';
  return (
    `clinreg: running the ${choice.tier} tier (${speed}). Native is unavailable: ${why}.${wasmWhy} ` +
    'To get native: install a C++ compiler (g++ or clang++; set CXX to choose) and run `npm rebuild clinreg` ' +
    '(an install with --ignore-scripts, pnpm\'s default, skips that build). `clinreg doctor` shows the details.'
  );
}
