import type { AdamStep, ConvGeometry, Kernels, StridedOperand } from './kernels.js';

/** What the addon reports about itself (`build/native/clinreg.node`, native/binding.cpp). */
export interface NativeInfo {
  /** The instruction-set path in use: 'avx512', 'avx2' or 'generic'. */
  isa: string;
  /** Threads the kernels may use. */
  threads: number;
  /** ISA paths compiled in and supported by this CPU. */
  isas: string[];
  /** Hardware threads. */
  hardwareThreads: number;
  /** x86 CPU features the addon detected (cpuid + OS support). */
  cpu: string[];
}

/** The raw N-API surface of the addon; sizes first, then arrays (checked in C++). */
export interface NativeAddon {
  gemm(flags: number, m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void;
  linear(m: number, n: number, k: number, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, relu: boolean): void;
  sumRows(m: number, n: number, x: Float32Array, out: Float32Array, acc: boolean): void;
  sum(n: number, x: Float32Array): number;
  relu(n: number, x: Float32Array, y: Float32Array): void;
  reluBackward(n: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  dropout(n: number, x: Float32Array, bits: Uint32Array, threshold: number, scale: number, y: Float32Array, mask: Float32Array | null): void;
  softmax(rows: number, cols: number, x: Float32Array, y: Float32Array, log: boolean): void;
  softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array, log: boolean): void;
  batchNormTrain(n: number, c: number, s: number, x: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, eps: number, y: Float32Array, mean: Float32Array, variance: Float32Array): void;
  batchNormBackward(n: number, c: number, s: number, x: Float32Array, dy: Float32Array, gamma: Float32Array | null, mean: Float32Array, variance: Float32Array, eps: number, dx: Float32Array, dgamma: Float32Array | null, dbeta: Float32Array | null): void;
  channelAffine(n: number, c: number, s: number, x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array): void;
  conv2dForward(geom: Int32Array, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void;
  conv2dBackwardInput(geom: Int32Array, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  conv2dBackwardFilter(geom: Int32Array, x: Float32Array, dy: Float32Array, dw: Float32Array, dbias: Float32Array | null): void;
  adam(n: number, p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number, decoupled: boolean): void;
  binary(op: number, n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void;
  sumAlong(outer: number, n: number, inner: number, x: Float32Array, out: Float32Array, scale: number): void;
  gemmBatched(desc: Int32Array, alpha: number, a: Float32Array, b: Float32Array, c: Float32Array): void;
  layerNorm(rows: number, d: number, x: Float32Array, w: Float32Array | null, b: Float32Array | null, eps: number, y: Float32Array, xhat: Float32Array, rstd: Float64Array): void;
  layerNormBackward(rows: number, d: number, xhat: Float32Array, rstd: Float64Array, dy: Float32Array, w: Float32Array | null, dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null): void;
  info(): NativeInfo;
  setThreads(n: number): number;
  setIsa(name: string): boolean;
  /** Records SIGINT/SIGTERM in front of Node's own handler (native/signals.cpp); false where it cannot. Absent in addons built before it. */
  watchSignals?(): boolean;
  /** The last SIGINT/SIGTERM received since watchSignals, or 0. */
  pendingSignal?(): number;
}

/** Native kernels over a loaded addon: thin forwarding, no copies (N-API sees the JS memory). */
export function nativeKernels(addon: NativeAddon): Kernels {
  const geom = new Int32Array(13);
  const pack = (g: ConvGeometry): Int32Array => {
    geom[0] = g.batch;
    geom[1] = g.inChannels;
    geom[2] = g.height;
    geom[3] = g.width;
    geom[4] = g.outChannels;
    geom[5] = g.kernelH;
    geom[6] = g.kernelW;
    geom[7] = g.strideH;
    geom[8] = g.strideW;
    geom[9] = g.padH;
    geom[10] = g.padW;
    geom[11] = g.outH;
    geom[12] = g.outW;
    return geom;
  };
  const desc = new Int32Array(18);
  const operand = (at: number, v: StridedOperand): void => {
    desc[at] = v.offset;
    desc[at + 1] = v.batchStride;
    desc[at + 2] = v.headStride;
    desc[at + 3] = v.ld;
  };
  return {
    tier: 'native',
    gemm: (transA, transB, m, n, k, a, b, c, accumulate) =>
      addon.gemm((transA ? 1 : 0) | (transB ? 2 : 0) | (accumulate ? 4 : 0), m, n, k, a, b, c),
    linear: (m, n, k, x, w, bias, y, relu) => addon.linear(m, n, k, x, w, bias, y, relu),
    sumRows: (m, n, x, out, accumulate) => addon.sumRows(m, n, x, out, accumulate),
    sum: (n, x) => addon.sum(n, x),
    relu: (n, x, y) => addon.relu(n, x, y),
    reluBackward: (n, y, dy, dx) => addon.reluBackward(n, y, dy, dx),
    dropout: (n, x, bits, threshold, scale, y, mask) => addon.dropout(n, x, bits, threshold, scale, y, mask),
    softmax: (rows, cols, x, y, log) => addon.softmax(rows, cols, x, y, log),
    softmaxBackward: (rows, cols, y, dy, dx, log) => addon.softmaxBackward(rows, cols, y, dy, dx, log),
    batchNormTrain: (n, c, s, x, gamma, beta, eps, y, mean, variance) =>
      addon.batchNormTrain(n, c, s, x, gamma, beta, eps, y, mean, variance),
    batchNormBackward: (n, c, s, x, dy, gamma, mean, variance, eps, dx, dgamma, dbeta) =>
      addon.batchNormBackward(n, c, s, x, dy, gamma, mean, variance, eps, dx, dgamma, dbeta),
    channelAffine: (n, c, s, x, scale, shift, y) => addon.channelAffine(n, c, s, x, scale, shift, y),
    conv2dForward: (g, x, w, bias, y) => addon.conv2dForward(pack(g), x, w, bias, y),
    conv2dBackwardInput: (g, dy, w, dx) => addon.conv2dBackwardInput(pack(g), dy, w, dx),
    conv2dBackwardFilter: (g, x, dy, dw, dbias) => addon.conv2dBackwardFilter(pack(g), x, dy, dw, dbias),
    binary: (op, n, a, b, out, mid, inner) => addon.binary(op, n, a, b, out, mid, inner),
    sumAlong: (outer, n, inner, x, out, scale) => addon.sumAlong(outer, n, inner, x, out, scale),
    adam: (n, p, g, m, v, h: AdamStep) =>
      addon.adam(n, p, g, m, v, h.lr, h.beta1, h.beta2, h.eps, h.weightDecay, h.step, h.decoupled),
    // An addon built before these kernels existed lacks them: callers then run their TS loops.
    ...(typeof addon.gemmBatched !== 'function' ? {} : { gemmBatched: (transA, transB, nb, nh, m, n, k, alpha, a, av, b, bv, c, cv, accumulate) => {
      desc[0] = (transA ? 1 : 0) | (transB ? 2 : 0) | (accumulate ? 4 : 0);
      desc[1] = nb;
      desc[2] = nh;
      desc[3] = m;
      desc[4] = n;
      desc[5] = k;
      operand(6, av);
      operand(10, bv);
      operand(14, cv);
      addon.gemmBatched(desc, alpha, a, b, c);
    } } satisfies Pick<Kernels, 'gemmBatched'>),
    ...(typeof addon.layerNorm !== 'function' ? {} : {
      layerNorm: (rows, d, x, w, b, eps, y, xhat, rstd) => addon.layerNorm(rows, d, x, w, b, eps, y, xhat, rstd),
      layerNormBackward: (rows, d, xhat, rstd, dy, w, dx, dw, db) => addon.layerNormBackward(rows, d, xhat, rstd, dy, w, dx, dw, db),
    } satisfies Pick<Kernels, 'layerNorm' | 'layerNormBackward'>),
  };
}
