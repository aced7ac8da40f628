import type { Kernels, StridedOperand } from '../../kernels/kernels.js';

/**
 * Per-head products up to this many multiply-adds run in the native strided batched kernel (one
 * call for all heads, operands read in place); larger ones go through the blocked GEMM per head.
 */
const BATCHED_MAX = 1 << 16;
/**
 * Without the native kernel, one-row products (one query: the CLS-only last layer) up to this many
 * multiply-adds run as one plain loop over all heads: faster than a kernel call per head with its
 * subarray views (1024 heads of 1×8·8×15: 0.3 ms in the loop, 1.0 ms through per-head calls).
 */
const SMALL_ROW = 512;

/**
 * `C[b,h] = alpha·op(A[b,h])·op(B[b,h])` (or `C[b,h] +=` when `accumulate`) for b < nb, h < nh,
 * every matrix read in place through its `StridedOperand` (attention heads inside `[B, L, H·d]`
 * or packed `[B, L, 3E]` tensors, so no head is gathered or scattered by the caller). op(A) is
 * m×k (stored k×m when transA), op(B) k×n (stored n×k when transB). Runs the tier's
 * `gemmBatched` when it has one, else a loop (one-row products) or its `gemm` per head over
 * head-major copies.
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
  } else if (m === 1 && work <= SMALL_ROW) {
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

/** Whether an operand with view `v` is laid out head-major `[nb·nh, rows, cols]` already. */
function isHeadMajor(v: StridedOperand, nh: number, rows: number, cols: number): boolean {
  const size = rows * cols;
  return v.offset === 0 && v.ld === cols && v.headStride === size && v.batchStride === nh * size;
}

/**
 * The operand as a head-major `[nb·nh, rows, cols]` array: itself when it is laid out so, else a
 * copy (one pass over all heads).
 */
function headMajor(src: Float32Array, v: StridedOperand, nb: number, nh: number, rows: number, cols: number): Float32Array {
  if (isHeadMajor(v, nh, rows, cols)) return src;
  const size = rows * cols;
  const dst = new Float32Array(nb * nh * size);
  let o = 0;
  for (let bi = 0; bi < nb; bi++) {
    for (let h = 0; h < nh; h++) {
      const base = v.offset + bi * v.batchStride + h * v.headStride;
      for (let r = 0; r < rows; r++) {
        const s = base + r * v.ld;
        for (let j = 0; j < cols; j++) dst[o++] = src[s + j]!;
      }
    }
  }
  return dst;
}

function perHeadGemm(kern: Kernels, transA: boolean, transB: boolean, nb: number, nh: number, m: number, n: number, k: number, alpha: number, a: Float32Array, av: StridedOperand, b: Float32Array, bv: StridedOperand, c: Float32Array, cv: StridedOperand, accumulate: boolean): void {
  const A = headMajor(a, av, nb, nh, transA ? k : m, transA ? m : k);
  const B = headMajor(b, bv, nb, nh, transB ? n : k, transB ? k : n);
  const direct = !accumulate && alpha === 1 && isHeadMajor(cv, nh, m, n);
  const C = direct ? c : new Float32Array(nb * nh * m * n);
  const sa = m * k;
  const sb = k * n;
  const sc = m * n;
  for (let t = 0; t < nb * nh; t++) {
    kern.gemm(transA, transB, m, n, k, A.subarray(t * sa, (t + 1) * sa), B.subarray(t * sb, (t + 1) * sb), C.subarray(t * sc, (t + 1) * sc), false);
  }
  if (direct) return;
  let o = 0;
  for (let bi = 0; bi < nb; bi++) {
    for (let h = 0; h < nh; h++) {
      const c0 = cv.offset + bi * cv.batchStride + h * cv.headStride;
      for (let i = 0; i < m; i++) {
        const cr = c0 + i * cv.ld;
        if (accumulate) for (let j = 0; j < n; j++) c[cr + j]! += alpha * C[o++]!;
        else for (let j = 0; j < n; j++) c[cr + j] = alpha * C[o++]!;
      }
    }
  }
}
