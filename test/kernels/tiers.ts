// Shared by the kernel parity tests: every tier (each native ISA path separately), a seeded
// random source, and a comparison with a per-element tolerance scale.
import assert from 'node:assert/strict';
import { Generator, kernels as K } from '../../src/index.js';

/** A tier under test; `use` switches the native ISA path before it runs (and `done` restores). */
export interface TierCase {
  name: string;
  kernels: K.Kernels | null;
  skip: string | false;
  use(): void;
  done(): void;
}

const tiers = K.availableTiers();
const nativeOn = tiers.includes('native');
const defaultIsa = nativeOn ? K.kernelInfo().nativeIsa : null;

function native(isa: 'avx512' | 'avx2' | 'generic'): TierCase {
  const supported = nativeOn && K.setNativeIsa(isa);
  if (nativeOn && defaultIsa !== null) K.setNativeIsa(defaultIsa as 'avx512' | 'avx2' | 'generic');
  return {
    name: `native-${isa}`,
    kernels: supported ? K.loadKernels('native') : null,
    skip: !nativeOn ? 'native tier not built' : !supported ? `${isa} not supported by this CPU or build` : false,
    use: () => void (supported && K.setNativeIsa(isa)),
    done: () => void (supported && defaultIsa !== null && K.setNativeIsa(defaultIsa as 'avx512' | 'avx2' | 'generic')),
  };
}

/** The tiers compared against the TypeScript reference. */
export const TIERS: TierCase[] = [
  native('avx512'),
  native('avx2'),
  native('generic'),
  {
    name: 'wasm',
    kernels: tiers.includes('wasm') ? K.loadKernels('wasm') : null,
    skip: tiers.includes('wasm') ? false : 'wasm tier not built',
    use: () => undefined,
    done: () => undefined,
  },
];

/** `Kernels.binary` op codes: add, sub, mul, div, and sub and div with the operands swapped (| 4). */
export const BINARY_OPS = [0, 1, 2, 3, 1 | 4, 3 | 4] as const;

/** The reference. */
export const REF = K.loadKernels('ts');

/** Seeded uniform(-1, 1) values, with a sprinkle of exact zeros (ReLU outputs are common). */
export function randomArray(g: Generator, n: number, zeros = 0.1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = g.random() < zeros ? 0 : g.random() * 2 - 1;
  return out;
}

/**
 * Asserts |actual − expected| ≤ rtol·scale + atol elementwise; `scale` (default |expected|) is
 * the magnitude the rounding error grows with, e.g. Σ|a|·|b| for a GEMM.
 */
export function assertClose(actual: Float32Array, expected: Float32Array, what: string, scale?: Float32Array, rtol = 1e-5, atol = 1e-6): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const tol = rtol * (scale === undefined ? Math.abs(e) : scale[i]!) + atol;
    if (!(Math.abs(actual[i]! - e) <= tol)) {
      assert.fail(`${what}: element ${i} is ${actual[i]} but the reference is ${e} (tolerance ${tol.toExponential(2)})`);
    }
  }
}

/** Elementwise absolute values. */
export function abs(x: Float32Array): Float32Array {
  return x.map(Math.abs);
}

/** Runs f with the native kernels on `threads` threads, then restores the previous count. */
export function withThreads<T>(threads: number, f: () => T): T {
  const before = K.getNumThreads();
  K.setNumThreads(threads);
  try {
    return f();
  } finally {
    K.setNumThreads(before);
  }
}
