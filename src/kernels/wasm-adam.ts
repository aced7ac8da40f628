// The wasm tier's Adam / AdamW step (asm/adam.ts): one SIMD pass over parameter, gradient and both
// moments, in place where they are resident (wasm-place.ts), else copied into the module's memory
// and the parameter and moments copied back. Equal to the
// TypeScript reference (src/kernels/ts/adam.ts) bit for bit.
import type { Kernels } from './kernels.js';
import type { Placer } from './wasm-place.js';

/** `adam` of the wasm tier over one module instance and its resident region. */
export function wasmAdam(placer: Placer): Pick<Kernels, 'adam'> {
  return {
    adam(n, param, grad, expAvg, expAvgSq, h) {
      // The float32 scalars exactly as the reference forms them.
      const f = Math.fround;
      const negStep = f(-(h.lr / (1 - h.beta1 ** h.step)));
      const bc2Sqrt = f(Math.sqrt(1 - h.beta2 ** h.step));
      const decay = h.decoupled ? f(1 - h.lr * h.weightDecay) : 1;
      const l2 = h.decoupled ? 0 : f(h.weightDecay);
      placer.call((p) => {
        const pp = p.out(param, n, true);
        const pg = p.in(grad, n);
        const pm = p.out(expAvg, n, true);
        const pv = p.out(expAvgSq, n, true);
        if (pp < 0 || pg < 0 || pm < 0 || pv < 0) return false;
        p.exp.adam(n, pp, pg, pm, pv, negStep, bc2Sqrt, decay, l2, f(h.beta1), f(h.beta2), f(1 - h.beta1), f(1 - h.beta2), f(h.eps));
        return true;
      }, param, grad, expAvg, expAvgSq);
    },
  };
}
