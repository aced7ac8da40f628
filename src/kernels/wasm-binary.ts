// The wasm tier's elementwise arithmetic and sums (asm/binary.ts): operands copied into the
// module's memory, one SIMD pass, the result copied out. Each copy is a memcpy, so the whole call
// is several times faster than the scalar TypeScript loop it replaces (an `add` of [64, 128] into
// an existing output: 3.5 µs against 18.8 µs of CPU on a 2-core EPYC at load ~10).
import type { Kernels } from './kernels.js';
import type { Arena, WasmExports } from './wasm-arena.js';

/** `binary`, `sum`, `sumAlong` and `sumRows` of the wasm tier over one module instance. */
export function wasmBinary(exp: WasmExports, arena: Arena): Pick<Kernels, 'binary' | 'sum' | 'sumAlong' | 'sumRows'> {
  return {
    binary(op, n, a, b, out, mid, inner) {
      const nb = mid === 0 ? n : mid;
      arena.reset();
      const pa = arena.reserve(4 * n);
      const pb = a === b && mid === 0 ? pa : arena.reserve(4 * nb);
      const po = arena.reserve(4 * n);
      arena.commit();
      arena.put(pa, a, n);
      if (pb !== pa) arena.put(pb, b, nb);
      exp.binary(op, n, pa, pb, po, mid, inner);
      arena.get(po, out, n);
    },
    sum(n, x) {
      arena.reset();
      const px = arena.reserve(4 * n);
      arena.commit();
      arena.put(px, x, n);
      return exp.sum(n, px);
    },
    sumAlong(outer, n, inner, x, out, scale) {
      const total = outer * n * inner;
      arena.reset();
      const px = arena.reserve(4 * total);
      const po = arena.reserve(4 * outer * inner);
      const acc = arena.reserve(8 * inner);
      arena.commit();
      arena.put(px, x, total);
      exp.sumAlong(outer, n, inner, px, po, scale, acc);
      arena.get(po, out, outer * inner);
    },
    sumRows(m, n, x, out, accumulate) {
      arena.reset();
      const px = arena.reserve(4 * m * n);
      const po = arena.reserve(4 * n);
      arena.commit();
      arena.put(px, x, m * n);
      if (accumulate) arena.put(po, out, n);
      exp.sumRows(m, n, px, po, accumulate);
      arena.get(po, out, n);
    },
  };
}
