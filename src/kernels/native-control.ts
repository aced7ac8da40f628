import { ValueError } from '../errors.js';
import { loadNative } from './select.js';

/**
 * Sets how many threads the native kernels may use (like `torch.set_num_threads`); the default
 * is every hardware thread, or CLINREG_NUM_THREADS. Large GEMMs, convolutions and memory-bound
 * loops above a measured size split across them; small calls always run on the calling thread.
 * @param n threads, an integer ≥ 1 (values above the hardware thread count are capped).
 * @returns the number now in force; 1 when the native tier is not loaded (wasm and ts are single-threaded).
 * @throws ValueError when n is not an integer ≥ 1.
 * @example setNumThreads(1); // reproducible single-core timing
 */
export function setNumThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new ValueError(`setNumThreads: n must be an integer ≥ 1. Received: ${n}.`);
  }
  const native = loadNative();
  return native.addon === null ? 1 : native.addon.setThreads(n);
}

/**
 * Threads the native kernels may use (1 when the native tier is not loaded).
 * @example getNumThreads(); // 2 on a two-core machine
 */
export function getNumThreads(): number {
  const native = loadNative();
  return native.addon === null ? 1 : native.addon.info().threads;
}

/**
 * Switches the native addon's instruction-set path: 'avx512', 'avx2' or 'generic' (tests and
 * benchmarks; the fastest the CPU supports is chosen at load).
 * @param isa the path to use.
 * @returns false when that path is not compiled in or the CPU lacks it (nothing changes).
 * @throws ValueError when the native tier is not loaded or `isa` is not one of the three names.
 * @example setNativeIsa('avx2');
 */
export function setNativeIsa(isa: 'avx512' | 'avx2' | 'generic'): boolean {
  if (!['avx512', 'avx2', 'generic'].includes(isa)) {
    throw new ValueError(`setNativeIsa: isa must be 'avx512', 'avx2' or 'generic'. Received: ${JSON.stringify(isa)}.`);
  }
  const native = loadNative();
  if (native.addon === null) {
    throw new ValueError(`setNativeIsa: the native kernels are not loaded (${native.error}). Fix: build them with \`npm run install\`.`);
  }
  return native.addon.setIsa(isa);
}
