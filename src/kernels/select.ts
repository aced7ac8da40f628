import { ValueError } from '../errors.js';
import type { Kernels, KernelTier } from './kernels.js';
import { nativeKernels, type NativeAddon, type NativeInfo } from './native-kernels.js';
import { tsKernels } from './ts-kernels.js';
import { wasmApi } from './wasm-api.js';
import { wasmKernels } from './wasm-kernels.js';

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
const host = isNode ? await import('./node-host.js') : null;

/** The outcome of trying to load one tier. */
interface Loaded {
  kernels: Kernels | null;
  /** Why it did not load (null when it did). */
  error: string | null;
}

interface NativeLoaded extends Loaded {
  addon: NativeAddon | null;
  info: NativeInfo | null;
}

interface WasmLoaded extends Loaded {
  path: string | null;
  relaxedSimd: boolean;
}

let nativeCache: NativeLoaded | null = null;
let wasmCache: WasmLoaded | null = null;

/** Loads the native addon once (memoised). */
export function loadNative(): NativeLoaded {
  if (nativeCache !== null) return nativeCache;
  const fail = (error: string): NativeLoaded => ({ kernels: null, addon: null, info: null, error });
  if (host === null) return (nativeCache = fail('not running in Node.js'));
  if (!host.exists(host.nativePath)) {
    return (nativeCache = fail(`${host.nativePath} not built (install scripts skipped, no C++ compiler at install, or the build failed; \`npm rebuild clinreg\` builds it and says why not)`));
  }
  try {
    const addon = host.requireAddon(host.nativePath) as NativeAddon;
    nativeCache = { kernels: nativeKernels(addon), addon, info: addon.info(), error: null };
  } catch (e) {
    nativeCache = fail(`${host.nativePath} did not load: ${(e as Error).message.split('\n')[0]}`);
  }
  return nativeCache;
}

/** Compiles and instantiates the wasm kernels once (memoised), relaxed-SIMD when V8 accepts it. */
export function loadWasm(): WasmLoaded {
  if (wasmCache !== null) return wasmCache;
  const fail = (error: string): WasmLoaded => ({ kernels: null, path: null, relaxedSimd: false, error });
  if (host === null) return (wasmCache = fail('not running in Node.js (load build/wasm/*.wasm yourself with setKernels)'));
  const wasm = wasmApi;
  if (wasm === null) return (wasmCache = fail('WebAssembly is not available'));
  const wantRelaxed = process.env['CLINREG_RELAXED_SIMD'] !== '0';
  const candidates: Array<{ path: string; relaxed: boolean }> = [];
  if (wantRelaxed && host.exists(host.wasmRelaxedPath)) candidates.push({ path: host.wasmRelaxedPath, relaxed: true });
  if (host.exists(host.wasmSimdPath)) candidates.push({ path: host.wasmSimdPath, relaxed: false });
  if (candidates.length === 0) return (wasmCache = fail(`${host.wasmSimdPath} not built (run \`npm run install\`)`));
  let lastError = '';
  for (const { path, relaxed } of candidates) {
    try {
      const bytes = host.readBytes(path);
      if (relaxed && !wasm.validate(bytes)) host.enableRelaxedSimd();
      if (!wasm.validate(bytes)) {
        lastError = `${path} is not valid WebAssembly for this runtime`;
        continue;
      }
      return (wasmCache = { kernels: wasmKernels(new wasm.Module(bytes)), path, relaxedSimd: relaxed, error: null });
    } catch (e) {
      lastError = `${path} did not load: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  return (wasmCache = fail(lastError));
}

/** Which tier is active and why, as decided at import. */
export interface TierChoice {
  tier: KernelTier;
  kernels: Kernels;
  reason: string;
}

const TIERS: readonly KernelTier[] = ['native', 'wasm', 'ts'];

/**
 * The kernels of one tier.
 * @param tier 'native', 'wasm' or 'ts'.
 * @throws ValueError when the tier is unknown or cannot load here (the message says why).
 * @example const wasm = loadKernels('wasm');
 */
export function loadKernels(tier: KernelTier): Kernels {
  if (!TIERS.includes(tier)) {
    throw new ValueError(`loadKernels: tier must be 'native', 'wasm' or 'ts'. Received: ${JSON.stringify(tier)}.`);
  }
  if (tier === 'ts') return tsKernels;
  const loaded = tier === 'native' ? loadNative() : loadWasm();
  if (loaded.kernels === null) {
    throw new ValueError(`loadKernels: the ${tier} kernels are not available: ${loaded.error}. Fix: build them with \`npm run install\`, or use another tier.`);
  }
  return loaded.kernels;
}

/** The tiers that load on this machine, fastest first. */
export function availableTiers(): KernelTier[] {
  return TIERS.filter((t) => t === 'ts' || (t === 'native' ? loadNative() : loadWasm()).kernels !== null);
}

let choice: TierChoice | null = null;

/** Picks the tier once: CLINREG_KERNELS if set (an error if it cannot load), else the fastest that loads. */
export function activeChoice(): TierChoice {
  if (choice !== null) return choice;
  const forced = isNode ? process.env['CLINREG_KERNELS'] : undefined;
  if (forced !== undefined && forced !== '') {
    if (!TIERS.includes(forced as KernelTier)) {
      throw new ValueError(`clinreg: CLINREG_KERNELS must be 'native', 'wasm' or 'ts'. Received: ${JSON.stringify(forced)}. Fix: unset it to pick the fastest tier automatically.`);
    }
    const tier = forced as KernelTier;
    const loaded = tier === 'ts' ? null : tier === 'native' ? loadNative() : loadWasm();
    if (loaded !== null && loaded.kernels === null) {
      throw new ValueError(`clinreg: CLINREG_KERNELS=${tier} but the ${tier} kernels cannot load: ${loaded.error}. Fix: build them with \`npm run install\`, or unset CLINREG_KERNELS.`);
    }
    return (choice = { tier, kernels: loaded?.kernels ?? tsKernels, reason: `forced by CLINREG_KERNELS=${tier}` });
  }
  const native = loadNative();
  if (native.kernels !== null) {
    return (choice = { tier: 'native', kernels: native.kernels, reason: `native addon loaded (${native.info?.isa ?? '?'} path)` });
  }
  const wasm = loadWasm();
  if (wasm.kernels !== null) {
    return (choice = { tier: 'wasm', kernels: wasm.kernels, reason: `native unavailable (${native.error}); wasm ${wasm.relaxedSimd ? 'relaxed-SIMD' : 'SIMD'} loaded` });
  }
  return (choice = { tier: 'ts', kernels: tsKernels, reason: `native unavailable (${native.error}); wasm unavailable (${wasm.error})` });
}
