// The wasm tier's memory-bound kernels (ReLU, its gradient, dropout, batch norm): in the module
// from WASM_ELEMENTS elements on, the TypeScript reference below that.
import type { Kernels } from './kernels.js';
import { tsKernels } from './ts-kernels.js';
import type { Arena, WasmExports } from './wasm-arena.js';

/**
 * From this many elements on, ReLU, dropout and batch norm run in the module: copying in and out
 * (memcpy) is then cheaper than the TypeScript loop (524,288 floats on a 2-core EPYC: ReLU 4.4 ms
 * in TypeScript, a copy of 2 MiB ~0.1 ms). It was 16,384, which left the batch-64 seed MLP
 * ([64, 128] activations) in TypeScript: at 1,024 its epoch took 86 ms of CPU instead of 202
 * (with the SIMD batch norm of [n, c] and wasm Adam; interleaved A/B, load ~10).
 */
const WASM_ELEMENTS = 1024;

/** The elementwise and batch-norm kernels of the wasm tier over one module instance. */
export function wasmElementwise(exp: WasmExports, arena: Arena): Pick<Kernels, 'relu' | 'reluBackward' | 'dropout' | 'batchNormTrain' | 'batchNormBackward' | 'channelAffine'> {
  /** Runs a unary elementwise export on n floats: x in, y out. */
  const unary = (n: number, x: Float32Array, y: Float32Array, run: (px: number, py: number) => void): void => {
    arena.reset();
    const px = arena.reserve(4 * n);
    const py = arena.reserve(4 * n);
    arena.commit();
    arena.put(px, x, n);
    run(px, py);
    arena.get(py, y, n);
  };

  return {
    relu(n, x, y) {
      if (n < WASM_ELEMENTS) tsKernels.relu(n, x, y);
      else unary(n, x, y, (px, py) => exp.relu(n, px, py));
    },
    reluBackward(n, y, dy, dx) {
      if (n < WASM_ELEMENTS) return tsKernels.reluBackward(n, y, dy, dx);
      arena.reset();
      const py = arena.reserve(4 * n);
      const pdy = arena.reserve(4 * n);
      const pdx = arena.reserve(4 * n);
      arena.commit();
      arena.put(py, y, n);
      arena.put(pdy, dy, n);
      exp.reluBackward(n, py, pdy, pdx);
      arena.get(pdx, dx, n);
    },
    dropout(n, x, bits, threshold, scale, y, mask) {
      if (n < WASM_ELEMENTS) return tsKernels.dropout(n, x, bits, threshold, scale, y, mask);
      arena.reset();
      const px = arena.reserve(4 * n);
      const pb = arena.reserve(4 * n);
      const py = arena.reserve(4 * n);
      const pm = mask === null ? 0 : arena.reserve(4 * n);
      arena.commit();
      arena.put(px, x, n);
      arena.putBits(pb, bits, n);
      // threshold ≤ 2³²: at 2³² nothing is kept, i.e. every element gets scale 0.
      const none = threshold > 4294967295;
      exp.dropout(n, px, pb, none ? 4294967295 : threshold, none ? 0 : scale, py, pm);
      arena.get(py, y, n);
      if (mask !== null) arena.get(pm, mask, n);
    },
    batchNormTrain(n, c, s, x, gamma, beta, eps, y, mean, variance) {
      const total = n * c * s;
      if (total < WASM_ELEMENTS) return tsKernels.batchNormTrain(n, c, s, x, gamma, beta, eps, y, mean, variance);
      arena.reset();
      const px = arena.reserve(4 * total);
      const py = arena.reserve(4 * total);
      const pm = arena.reserve(4 * c);
      const pv = arena.reserve(4 * c);
      const psums = arena.reserve(8 * c);
      const pa = arena.reserve(4 * c);
      const pb = arena.reserve(4 * c);
      arena.commit();
      arena.put(px, x, total);
      exp.bnMoments(n, c, s, px, pm, pv, psums);
      arena.get(pm, mean, c);
      arena.get(pv, variance, c);
      // The affine map as the TypeScript reference forms it, applied in linear memory.
      const scale = new Float32Array(c);
      const shift = new Float32Array(c);
      for (let ch = 0; ch < c; ch++) {
        const invStd = 1 / Math.sqrt(variance[ch]! + eps);
        scale[ch] = (gamma === null ? 1 : gamma[ch]!) * invStd;
        shift[ch] = (beta === null ? 0 : beta[ch]!) - mean[ch]! * scale[ch]!;
      }
      arena.put(pa, scale, c);
      arena.put(pb, shift, c);
      exp.channelAffine(n, c, s, px, pa, pb, py);
      arena.get(py, y, total);
    },
    batchNormBackward(n, c, s, x, dy, gamma, mean, variance, eps, dx, dgamma, dbeta) {
      const total = n * c * s;
      if (total < WASM_ELEMENTS) return tsKernels.batchNormBackward(n, c, s, x, dy, gamma, mean, variance, eps, dx, dgamma, dbeta);
      arena.reset();
      const px = arena.reserve(4 * total);
      const pdy = arena.reserve(4 * total);
      const pdx = arena.reserve(4 * total);
      const pm = arena.reserve(4 * c);
      const psd = arena.reserve(8 * c);
      const psx = arena.reserve(8 * c);
      const pka = arena.reserve(8 * c);
      const pkb = arena.reserve(8 * c);
      const pkc = arena.reserve(8 * c);
      arena.commit();
      arena.put(px, x, total);
      arena.put(pdy, dy, total);
      arena.put(pm, mean, c);
      exp.bnBackwardSums(n, c, s, px, pdy, pm, psd, psx);
      const sumDy = new Float64Array(c);
      const sumDyXhat = new Float64Array(c);
      arena.getF64(psd, sumDy);
      arena.getF64(psx, sumDyXhat);
      // Per-channel algebra of the TypeScript reference: dx = A·dy − B − (x − μ)·C.
      const ka = new Float64Array(c);
      const kb = new Float64Array(c);
      const kc = new Float64Array(c);
      const m = n * s;
      for (let ch = 0; ch < c; ch++) {
        const is = 1 / Math.sqrt(variance[ch]! + eps);
        sumDyXhat[ch]! *= is;
        if (dbeta !== null) dbeta[ch] = sumDy[ch]!;
        if (dgamma !== null) dgamma[ch] = sumDyXhat[ch]!;
        const k = (gamma === null ? 1 : gamma[ch]!) * is;
        ka[ch] = k;
        kb[ch] = (k * sumDy[ch]!) / m;
        kc[ch] = (k * is * sumDyXhat[ch]!) / m;
      }
      arena.putF64(pka, ka);
      arena.putF64(pkb, kb);
      arena.putF64(pkc, kc);
      exp.bnBackwardDx(n, c, s, px, pdy, pm, pka, pkb, pkc, pdx);
      arena.get(pdx, dx, total);
    },
    channelAffine(n, c, s, x, scale, shift, y) {
      const total = n * c * s;
      if (total < WASM_ELEMENTS) return tsKernels.channelAffine(n, c, s, x, scale, shift, y);
      arena.reset();
      const px = arena.reserve(4 * total);
      const pa = arena.reserve(4 * c);
      const pb = arena.reserve(4 * c);
      const py = arena.reserve(4 * total);
      arena.commit();
      arena.put(px, x, total);
      arena.put(pa, scale, c);
      arena.put(pb, shift, c);
      exp.channelAffine(n, c, s, px, pa, pb, py);
      arena.get(py, y, total);
    },
  };
}
