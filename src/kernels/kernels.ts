import type { ResidentStats } from './resident-region.js';
import { activeChoice } from './select.js';

/** Which implementation tier runs the heavy loops. */
export type KernelTier = 'native' | 'wasm' | 'ts';

/**
 * Conv2d geometry (groups = 1, dilation = 1): input `[batch, inChannels, height, width]`,
 * weight `[outChannels, inChannels, kernelH, kernelW]`, output `[batch, outChannels, outH, outW]`
 * with `outH = floor((height + 2·padH − kernelH) / strideH) + 1` (likewise outW). Zero padding.
 */
export interface ConvGeometry {
  batch: number;
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  outH: number;
  outW: number;
}

/**
 * One Adam / AdamW step's hyper-parameters (PyTorch 1.13 single-tensor semantics). `step` is the
 * step count after increment (1 on the first step); `decoupled` selects AdamW (weight ← weight·
 * (1 − lr·weightDecay)) instead of Adam's L2 term added to the gradient.
 */
export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  step: number;
  decoupled: boolean;
}

/**
 * One operand of `gemmBatched`, as stored: element (row, col) of product (b, h) is at
 * `offset + b·batchStride + h·headStride + row·ld + col` (every stride ≥ 0).
 */
export interface StridedOperand {
  offset: number;
  batchStride: number;
  headStride: number;
  ld: number;
}

/**
 * The compute kernels behind the tensor ops, one interface for every tier (native N-API, wasm
 * SIMD, plain TypeScript reference). All arrays are float32, row-major, contiguous; sizes are
 * trusted (ops validate shapes at their public boundary). Outputs are overwritten unless a
 * kernel says it accumulates. Channel-wise kernels see a tensor as `[n, c, s]`: s = 1 for
 * `[N, C]` (BatchNorm1d), s = H·W for `[N, C, H, W]` (BatchNorm2d).
 */
export interface Kernels {
  /** Which tier this is. */
  readonly tier: KernelTier;
  /**
   * General matrix multiply: `C = op(A) · op(B)` (or `C += …` when `accumulate`).
   * op(A) is m×k: A is stored m×k, or k×m when `transA`. op(B) is k×n: B is stored k×n, or n×k
   * when `transB`. C is m×n. n = 1 or m = 1 run as GEMV.
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
  /** Linear forward, fused: `y[m×n] = x[m×k] · w[n×k]ᵀ (+ bias[n])`, then ReLU when `relu`. */
  linear(m: number, n: number, k: number, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, relu: boolean): void;
  /** Column sums `out[j] (+)= Σᵢ x[i×n + j]` (a bias gradient); accumulates when `accumulate`. */
  sumRows(m: number, n: number, x: Float32Array, out: Float32Array, accumulate: boolean): void;
  /** Σ of the first n elements (accumulated in double precision). */
  sum(n: number, x: Float32Array): number;
  /** `y = max(x, 0)`. */
  relu(n: number, x: Float32Array, y: Float32Array): void;
  /** ReLU gradient from the output: `dx = y > 0 ? dy : 0`. */
  reluBackward(n: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /**
   * Inverted-dropout apply from random bits: element i is kept when `bits[i] ≥ threshold`
   * (threshold = ceil(p·2³²), so the test equals `uniform ≥ p` on the same draw); kept elements
   * get `mask = scale`, dropped ones `mask = 0`, and `y = x·mask` in float32 (as PyTorch's
   * `input·noise`: a dropped NaN or ±Inf gives NaN, a dropped negative gives −0). `mask` null:
   * not written (no gradient will need it).
   */
  dropout(n: number, x: Float32Array, bits: Uint32Array, threshold: number, scale: number, y: Float32Array, mask: Float32Array | null): void;
  /** Softmax (or log-softmax when `log`) over each row of a rows×cols matrix. */
  softmax(rows: number, cols: number, x: Float32Array, y: Float32Array, log: boolean): void;
  /**
   * Gradient of softmax (`dx = y·(dy − Σ dy·y)`) or log-softmax (`dx = dy − exp(y)·Σ dy`) from
   * its output y.
   */
  softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array, log: boolean): void;
  /**
   * Batch-norm training forward over x `[n, c, s]`: writes the batch `mean[c]` and biased
   * `variance[c]`, and `y = (x − mean)/√(variance + eps)·gamma + beta` (gamma/beta null = 1/0).
   */
  batchNormTrain(
    n: number,
    c: number,
    s: number,
    x: Float32Array,
    gamma: Float32Array | null,
    beta: Float32Array | null,
    eps: number,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
  ): void;
  /**
   * Batch-norm backward with batch statistics: `dx`, and `dgamma = Σ dy·x̂`, `dbeta = Σ dy`
   * per channel (each skipped when null; written, not accumulated).
   */
  batchNormBackward(
    n: number,
    c: number,
    s: number,
    x: Float32Array,
    dy: Float32Array,
    gamma: Float32Array | null,
    mean: Float32Array,
    variance: Float32Array,
    eps: number,
    dx: Float32Array,
    dgamma: Float32Array | null,
    dbeta: Float32Array | null,
  ): void;
  /** Per-channel affine `y = x·scale[c] + shift[c]` over `[n, c, s]` (batch norm in eval mode). */
  channelAffine(n: number, c: number, s: number, x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array): void;
  /** Conv2d forward: `y = conv(x, w) (+ bias[o])`. */
  conv2dForward(g: ConvGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void;
  /** Conv2d gradient with respect to the input: `dx` from `dy` and `w`. */
  conv2dBackwardInput(g: ConvGeometry, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  /** Conv2d gradients of the weight (`dw`, written) and of the bias (`dbias`, written unless null). */
  conv2dBackwardFilter(g: ConvGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array, dbias: Float32Array | null): void;
  /**
   * Elementwise arithmetic over n elements: `out[i] = f(a[i], b′[i])` with f = add (op 0), sub (1),
   * mul (2), div (3); `op | 4` swaps the operands (`f(b′[i], a[i])`). b′ = b when `mid` = 0, else
   * the block broadcast `b[⌊i / inner⌋ mod mid]` (mid·inner divides n). Each result is the float32
   * rounding of the exact operation; `out` may be `a`.
   */
  binary(op: number, n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void;
  /**
   * Sums along the middle of an `[outer, n, inner]` view, accumulated in double precision:
   * `out[o·inner + j] = scale·Σ_r x[(o·n + r)·inner + j]` (written).
   */
  sumAlong(outer: number, n: number, inner: number, x: Float32Array, out: Float32Array, scale: number): void;
  /** One Adam/AdamW step in place on `param`, `expAvg`, `expAvgSq` (n elements). */
  adam(n: number, param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, h: AdamStep): void;
  /**
   * Optional (a tier without it runs the caller's TypeScript loop): strided batched GEMM over
   * nb × nh small products (attention heads) read in place, `C = alpha·op(A)·op(B)` (or `C +=`
   * when `accumulate`), each element one float sum over k in order. op(A) m×k (stored k×m when
   * transA), op(B) k×n (stored n×k when transB).
   */
  gemmBatched?(
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
  ): void;
  /**
   * Optional: layer norm over rows of d (statistics and products in double precision, as the
   * TypeScript reference in nn/functional/layer-norm.ts): `y`, `xhat` = (x − mean)/σ and
   * `rstd` = 1/σ per row, σ = √(biased variance + eps); weight/bias null = 1/0.
   */
  layerNorm?(rows: number, d: number, x: Float32Array, weight: Float32Array | null, bias: Float32Array | null, eps: number, y: Float32Array, xhat: Float32Array, rstd: Float64Array): void;
  /** Optional: layer-norm gradients from `xhat` and `rstd`; `dx`, `dweight`, `dbias` written (null: skipped). */
  layerNormBackward?(rows: number, d: number, xhat: Float32Array, rstd: Float64Array, dy: Float32Array, weight: Float32Array | null, dx: Float32Array | null, dweight: Float32Array | null, dbias: Float32Array | null): void;
  /**
   * Optional: storage for `n` floats that this tier's kernels read and write in place (the wasm
   * tier: a region of a module instance's memory, see kernels/resident-region.ts), or null when
   * it has none to give. The storage pool moves storage that comes back to it there, draws tensor
   * factories' storage from it (`input`: at most half of the region), and gives arrays back with
   * `releaseResident`.
   */
  residentFloat32?(n: number, input: boolean): Float32Array | null;
  /** Optional: the counters of the storage `residentFloat32` hands out (null before the first array). */
  residentStats?(): ResidentStats | null;
}

let active: Kernels = activeChoice().kernels;

/**
 * The kernels in use: native if the addon loads, else wasm, else the TypeScript reference;
 * `CLINREG_KERNELS=native|wasm|ts` forces one (see `kernelInfo()` for which and why).
 * @example kernels().gemm(false, false, 1, 1, 1, new Float32Array([2]), new Float32Array([3]), out, false);
 */
export function kernels(): Kernels {
  return active;
}

/**
 * Replace the kernels in use (tests, benchmarks). Returns the previous ones.
 * @param next kernels of any tier, e.g. from `loadKernels('wasm')`.
 * @example const previous = setKernels(loadKernels('ts')); try { … } finally { setKernels(previous); }
 */
export function setKernels(next: Kernels): Kernels {
  const previous = active;
  active = next;
  return previous;
}
