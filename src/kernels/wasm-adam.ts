// The wasm tier's Adam / AdamW step (asm/adam.ts): parameter, gradient and both moments copied
// into the module's memory, one SIMD pass, the parameter and moments copied back. Equal to the
// TypeScript reference (src/kernels/ts/adam.ts) bit for bit.
import type { Kernels } from './kernels.js';
import type { Arena, WasmExports } from './wasm-arena.js';

/** `adam` of the wasm tier over one module instance. */
export function wasmAdam(exp: WasmExports, arena: Arena): Pick<Kernels, 'adam'> {
  return {
    adam(n, param, grad, expAvg, expAvgSq, h) {
      // The float32 scalars exactly as the reference forms them.
      const f = Math.fround;
      const negStep = f(-(h.lr / (1 - h.beta1 ** h.step)));
      const bc2Sqrt = f(Math.sqrt(1 - h.beta2 ** h.step));
      const decay = h.decoupled ? f(1 - h.lr * h.weightDecay) : 1;
      const l2 = h.decoupled ? 0 : f(h.weightDecay);
      arena.reset();
      const pp = arena.reserve(4 * n);
      const pg = arena.reserve(4 * n);
      const pm = arena.reserve(4 * n);
      const pv = arena.reserve(4 * n);
      arena.commit();
      arena.put(pp, param, n);
      arena.put(pg, grad, n);
      arena.put(pm, expAvg, n);
      arena.put(pv, expAvgSq, n);
      exp.adam(n, pp, pg, pm, pv, negStep, bc2Sqrt, decay, l2, f(h.beta1), f(h.beta2), f(1 - h.beta1), f(1 - h.beta2), f(h.eps));
      arena.get(pp, param, n);
      arena.get(pm, expAvg, n);
      arena.get(pv, expAvgSq, n);
    },
  };
}
