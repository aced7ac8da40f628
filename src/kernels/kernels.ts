import { tsKernels } from './ts-kernels.js';

/** Which implementation tier runs the heavy loops. */
export type KernelTier = 'native' | 'wasm' | 'ts';

/**
 * The compute kernels behind the tensor ops, one interface for every tier (native N-API, wasm
 * SIMD, plain TypeScript reference). All matrices are float32, row-major, contiguous.
 */
export interface Kernels {
  /** Which tier this is. */
  readonly tier: KernelTier;
  /**
   * General matrix multiply: `C = op(A) · op(B)` (or `C += …` when `accumulate`).
   * op(A) is m×k: A is stored m×k, or k×m when `transA`. op(B) is k×n: B is stored k×n, or n×k
   * when `transB`. C is m×n.
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    accumulate: boolean,
  ): void;
}

let active: Kernels = tsKernels;

/** The kernels in use. */
export function kernels(): Kernels {
  return active;
}

/** Replace the kernels in use (tier selection; tests). Returns the previous ones. */
export function setKernels(next: Kernels): Kernels {
  const previous = active;
  active = next;
  return previous;
}
