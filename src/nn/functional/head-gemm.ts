import type { Kernels, StridedOperand } from '../../kernels/kernels.js';

/**
 * Per-head products up to this many multiply-adds run in the native strided batched kernel (one
 * call for all heads, operands read in place); larger ones go through the blocked GEMM per head.
 */
const BATCHED_MAX = 1 << 16;
/**
 * Without the native kernel, per-head products up to this many multiply-adds run as one plain
 * loop over all heads (a kernel call per head, with its copies, costs more than the arithmetic).
 */
const LOOP_MAX = 4096;

/**
 * `C[b,h] = alpha·op(A[b,h])·op(B[b,h])` (or `C[b,h] +=` when `accumulate`) for b < nb, h < nh,
 * every matrix read in place through its `StridedOperand` (attention heads inside `[B, L, H·d]`
 * or packed `[B, L, 3E]` tensors, so no head is gathered or scattered by the caller). op(A) is
 * m×k (stored k×m when transA), op(B) k×n (stored n×k when transB). Runs the tier's
 * `gemmBatched` when it has one, else a loop (small heads) or its `gemm` per head.
 */
export function headGemm(
  kern: Kernels,
  transA: boolean,
  transB: boolean,
  nb: number,
  nh: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  av: StridedOperand,
  b: Float32Array,
  bv: StridedOperand,
  c: Float32Array,
  cv: StridedOperand,
  accumulate: boolean,
): void {
  const work = m * n * k;
  if (kern.gemmBatched !== undefined && work <= BATCHED_MAX) {
    kern.gemmBatched(transA, transB, nb, nh, m, n, k, alpha, a, av, b, bv, c, cv, accumulate);
  } else if (work <= LOOP_MAX) {
    loopGemm(transA, transB, nb, nh, m, n, k, alpha, a, av, b, bv, c, cv, accumulate);
  } else {
    perHeadGemm(kern, transA, transB, nb, nh, m, n, k, alpha, a, av, b, bv, c, cv, accumulate);
  }
}

function loopGemm(transA: boolean, transB: boolean, nb: number, nh: number, m: number, n: number, k: number, alpha: number, a: Float32Array, av: StridedOperand, b: Float32Array, bv: StridedOperand, c: Float32Array, cv: StridedOperand, accumulate: boolean): void {
  // op(A)[i, p] = a[a0 + i·ai + p·ap], op(B)[p, j] = b[b0 + p·bp + j·bj]
  const ai = transA ? 1 : av.ld;
  const ap = transA ? av.ld : 1;
  const bp = transB ? 1 : bv.ld;
  const bj = transB ? bv.ld : 1;
  for (let bi = 0; bi < nb; bi++) {
    for (let h = 0; h < nh; h++) {
      const a0 = av.offset + bi * av.batchStride + h * av.headStride;
      const b0 = bv.offset + bi * bv.batchStride + h * bv.headStride;
      const c0 = cv.offset + bi * cv.batchStride + h * cv.headStride;
      for (let i = 0; i < m; i++) {
        const ar = a0 + i * ai;
        const cr = c0 + i * cv.ld;
        for (let j = 0; j < n; j++) {
          const bc = b0 + j * bj;
          let s = 0;
          for (let p = 0; p < k; p++) s += a[ar + p * ap]! * b[bc + p * bp]!;
          c[cr + j] = accumulate ? c[cr + j]! + alpha * s : alpha * s;
        }
      }
    }
  }
}

/** Copy the rows×cols matrix of head (bi, h) to a contiguous array. */
function copyHead(src: Float32Array, v: StridedOperand, bi: number, h: number, rows: number, cols: number, dst: Float32Array): void {
  const base = v.offset + bi * v.batchStride + h * v.headStride;
  for (let r = 0; r < rows; r++) dst.set(src.subarray(base + r * v.ld, base + r * v.ld + cols), r * cols);
}

function perHeadGemm(kern: Kernels, transA: boolean, transB: boolean, nb: number, nh: number, m: number, n: number, k: number, alpha: number, a: Float32Array, av: StridedOperand, b: Float32Array, bv: StridedOperand, c: Float32Array, cv: StridedOperand, accumulate: boolean): void {
  const ta = new Float32Array(m * k);
  const tb = new Float32Array(k * n);
  const tc = new Float32Array(m * n);
  for (let bi = 0; bi < nb; bi++) {
    for (let h = 0; h < nh; h++) {
      copyHead(a, av, bi, h, transA ? k : m, transA ? m : k, ta);
      copyHead(b, bv, bi, h, transB ? n : k, transB ? k : n, tb);
      kern.gemm(transA, transB, m, n, k, ta, tb, tc, false);
      const c0 = cv.offset + bi * cv.batchStride + h * cv.headStride;
      for (let i = 0; i < m; i++) {
        const cr = c0 + i * cv.ld;
        for (let j = 0; j < n; j++) c[cr + j] = accumulate ? c[cr + j]! + alpha * tc[i * n + j]! : alpha * tc[i * n + j]!;
      }
    }
  }
}
