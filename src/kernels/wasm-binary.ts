// The wasm tier's elementwise arithmetic and sums (asm/binary.ts). When an operand or the result
// lives in the resident region (wasm-resident.ts, where the storage pool puts tensor storage), the
// region's instance runs the call: resident arrays in place, the others through its scratch.
// Otherwise (or when the scratch has no room) the operands are copied into the kernel module's
// memory, one SIMD pass runs, and the result is copied out. Each copy is
// a memcpy: ~0.8 µs per 32 KB on a 2-core EPYC, against ~1 µs for the SIMD add of [64, 128].
import type { Kernels } from './kernels.js';
import type { Arena, WasmExports } from './wasm-arena.js';
import type { Placer } from './wasm-place.js';
import type { WasmResident } from './wasm-resident.js';

/** `binary`, `sum`, `sumAlong` and `sumRows` of the wasm tier over one module instance and its resident region. */
export function wasmBinary(exp: WasmExports, arena: Arena, resident: () => WasmResident | null, placer: Placer): Pick<Kernels, 'binary' | 'sum' | 'sumAlong' | 'sumRows'> {
  return {
    // binary and sum are the hottest small calls ([64, 128]: ~1 µs of SIMD): written out rather than
    // through the Placer, with the same two paths.
    binary(op, n, a, b, out, mid, inner) {
      const nb = mid === 0 ? n : mid;
      const r = resident();
      if (r !== null && (r.region.owns(out) || r.region.owns(a) || r.region.owns(b))) {
        const region = r.region;
        region.resetScratch();
        const pa = region.operand(a, n);
        const pb = b === a && mid === 0 ? pa : region.operand(b, nb);
        const po = out === a ? pa : region.operand(out, n, false);
        if (pa >= 0 && pb >= 0 && po >= 0) {
          r.exp.binary(op, n, pa, pb, po, mid, inner);
          region.copyOut(po, out, n);
          region.countCall();
          return;
        }
      }
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
      const r = resident();
      if (r !== null && r.region.owns(x)) {
        r.region.countCall();
        return r.exp.sum(n, x.byteOffset);
      }
      arena.reset();
      const px = arena.reserve(4 * n);
      arena.commit();
      arena.put(px, x, n);
      return exp.sum(n, px);
    },
    sumAlong(outer, n, inner, x, out, scale) {
      const total = outer * n * inner;
      placer.call((p) => {
        const px = p.in(x, total);
        const po = p.out(out, outer * inner);
        const acc = p.f64(inner);
        if (px < 0 || po < 0 || acc < 0) return false;
        p.exp.sumAlong(outer, n, inner, px, po, scale, acc);
        return true;
      }, x, out);
    },
    sumRows(m, n, x, out, accumulate) {
      placer.call((p) => {
        const px = p.in(x, m * n);
        const po = p.out(out, n, accumulate);
        if (px < 0 || po < 0) return false;
        p.exp.sumRows(m, n, px, po, accumulate);
        return true;
      }, x, out);
    },
  };
}
