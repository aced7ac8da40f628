// The wasm tier's memory-bound kernels (ReLU, its gradient, dropout, batch norm): in the module
// from WASM_ELEMENTS elements on (in place on resident tensors), the TypeScript reference below that.
import type { Kernels } from './kernels.js';
import { tsKernels } from './ts-kernels.js';
import type { Placer } from './wasm-place.js';

/**
 * From this many elements on, ReLU, dropout and batch norm run in the module: copying in and out
 * (memcpy) is then cheaper than the TypeScript loop (524,288 floats on a 2-core EPYC: ReLU 4.4 ms
 * in TypeScript, a copy of 2 MiB ~0.1 ms). It was 16,384, which left the batch-64 seed MLP
 * ([64, 128] activations) in TypeScript: at 1,024 its epoch took 86 ms of CPU instead of 202
 * (with the SIMD batch norm of [n, c] and wasm Adam; interleaved A/B, load ~10).
 */
const WASM_ELEMENTS = 1024;

/**
 * The elementwise and batch-norm kernels of the wasm tier over one module instance; a call with a
 * resident array runs on the resident region, in place (see wasm-place.ts).
 */
export function wasmElementwise(placer: Placer): Pick<Kernels, 'relu' | 'reluBackward' | 'dropout' | 'batchNormTrain' | 'batchNormBackward' | 'channelAffine'> {
  return {
    relu(n, x, y) {
      if (n < WASM_ELEMENTS) return tsKernels.relu(n, x, y);
      placer.call((p) => {
        const px = p.in(x, n);
        const py = p.out(y, n);
        if (px < 0 || py < 0) return false;
        p.exp.relu(n, px, py);
        return true;
      }, y, x);
    },
    reluBackward(n, y, dy, dx) {
      if (n < WASM_ELEMENTS) return tsKernels.reluBackward(n, y, dy, dx);
      placer.call((p) => {
        const py = p.in(y, n);
        const pdy = p.in(dy, n);
        const pdx = p.out(dx, n);
        if (py < 0 || pdy < 0 || pdx < 0) return false;
        p.exp.reluBackward(n, py, pdy, pdx);
        return true;
      }, dx, y, dy);
    },
    dropout(n, x, bits, threshold, scale, y, mask) {
      if (n < WASM_ELEMENTS) return tsKernels.dropout(n, x, bits, threshold, scale, y, mask);
      // threshold ≤ 2³²: at 2³² nothing is kept, i.e. every element gets scale 0.
      const none = threshold > 4294967295;
      placer.call((p) => {
        const px = p.in(x, n);
        const pb = p.bits(bits, n);
        const py = p.out(y, n);
        const pm = mask === null ? 0 : p.out(mask, n);
        if (px < 0 || pb < 0 || py < 0 || pm < 0) return false;
        p.exp.dropout(n, px, pb, none ? 4294967295 : threshold, none ? 0 : scale, py, pm);
        return true;
      }, y, x);
    },
    batchNormTrain(n, c, s, x, gamma, beta, eps, y, mean, variance) {
      const total = n * c * s;
      if (total < WASM_ELEMENTS) return tsKernels.batchNormTrain(n, c, s, x, gamma, beta, eps, y, mean, variance);
      placer.call((p) => {
        const px = p.in(x, total);
        const py = p.out(y, total);
        const pm = p.room32(c); // read back below, before the affine map: not a pending output
        const pv = p.room32(c);
        const psums = p.f64(c);
        const pa = p.room32(c);
        const pb = p.room32(c);
        if (px < 0 || py < 0 || pm < 0 || pv < 0 || psums < 0 || pa < 0 || pb < 0) return false;
        p.exp.bnMoments(n, c, s, px, pm, pv, psums);
        p.read(pm, mean, c);
        p.read(pv, variance, c);
        // The affine map as the TypeScript reference forms it, applied in linear memory.
        const scale = new Float32Array(c);
        const shift = new Float32Array(c);
        for (let ch = 0; ch < c; ch++) {
          const invStd = 1 / Math.sqrt(variance[ch]! + eps);
          scale[ch] = (gamma === null ? 1 : gamma[ch]!) * invStd;
          shift[ch] = (beta === null ? 0 : beta[ch]!) - mean[ch]! * scale[ch]!;
        }
        p.write(pa, scale);
        p.write(pb, shift);
        p.exp.channelAffine(n, c, s, px, pa, pb, py);
        return true;
      }, y, x);
    },
    batchNormBackward(n, c, s, x, dy, gamma, mean, variance, eps, dx, dgamma, dbeta) {
      const total = n * c * s;
      if (total < WASM_ELEMENTS) return tsKernels.batchNormBackward(n, c, s, x, dy, gamma, mean, variance, eps, dx, dgamma, dbeta);
      placer.call((p) => {
        const px = p.in(x, total);
        const pdy = p.in(dy, total);
        const pdx = p.out(dx, total);
        const pm = p.in(mean, c);
        const psd = p.f64(c);
        const psx = p.f64(c);
        const pk = p.f64(3 * c);
        if (px < 0 || pdy < 0 || pdx < 0 || pm < 0 || psd < 0 || psx < 0 || pk < 0) return false;
        p.exp.bnBackwardSums(n, c, s, px, pdy, pm, psd, psx);
        const sumDy = new Float64Array(c);
        const sumDyXhat = new Float64Array(c);
        p.readF64(psd, sumDy);
        p.readF64(psx, sumDyXhat);
        // Per-channel algebra of the TypeScript reference: dx = A·dy − B − (x − μ)·C.
        const k = new Float64Array(3 * c);
        const m = n * s;
        for (let ch = 0; ch < c; ch++) {
          const is = 1 / Math.sqrt(variance[ch]! + eps);
          sumDyXhat[ch]! *= is;
          if (dbeta !== null) dbeta[ch] = sumDy[ch]!;
          if (dgamma !== null) dgamma[ch] = sumDyXhat[ch]!;
          const a = (gamma === null ? 1 : gamma[ch]!) * is;
          k[ch] = a;
          k[c + ch] = (a * sumDy[ch]!) / m;
          k[2 * c + ch] = (a * is * sumDyXhat[ch]!) / m;
        }
        p.writeF64(pk, k);
        p.exp.bnBackwardDx(n, c, s, px, pdy, pm, pk, pk + 8 * c, pk + 16 * c, pdx);
        return true;
      }, dx, x, dy);
    },
    channelAffine(n, c, s, x, scale, shift, y) {
      const total = n * c * s;
      if (total < WASM_ELEMENTS) return tsKernels.channelAffine(n, c, s, x, scale, shift, y);
      placer.call((p) => {
        const px = p.in(x, total);
        const pa = p.in(scale, c);
        const pb = p.in(shift, c);
        const py = p.out(y, total);
        if (px < 0 || pa < 0 || pb < 0 || py < 0) return false;
        p.exp.channelAffine(n, c, s, px, pa, pb, py);
        return true;
      }, y, x);
    },
  };
}
