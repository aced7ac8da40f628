// Where the arrays of one wasm kernel call go. On the copying path every array is copied into the
// kernel module's memory (which grows to the largest call) and the outputs are copied back. When
// one of the call's large arrays is resident (wasm-resident.ts), the call runs on the region's
// instance: resident arrays are read and written in place, the others go through its scratch.
import type { Arena, WasmExports } from './wasm-arena.js';
import type { WasmResident } from './wasm-resident.js';

/** Pointers (byte offsets) for one call; −1 where the region's scratch has no room left. */
export interface Place {
  /** The instance whose kernels run on these pointers. */
  readonly exp: WasmExports;
  /** `x`'s first `n` values. */
  in(x: Float32Array, n: number): number;
  /** Room for output `y` (`n` floats; its values copied in first when `init`), written back by `finish`. */
  out(y: Float32Array, n: number, init?: boolean): number;
  /** `b`'s first `n` words. */
  bits(b: Uint32Array, n: number): number;
  /** Room for `n` doubles, `values` copied in when given. */
  f64(n: number, values?: Float64Array): number;
  /** Room for `n` floats that the caller fills with `write` during the call. */
  room(n: number): number;
  /** `src` to the floats at `at`. */
  write(at: number, src: Float32Array): void;
  /** `src` to the doubles at `at`. */
  writeF64(at: number, src: Float64Array): void;
  /** Doubles at `at` into `dst` (a result read back in the middle of a call). */
  readF64(at: number, dst: Float64Array): void;
  /** Floats at `at` into `dst`'s first `n` (likewise). */
  read(at: number, dst: Float32Array, n: number): void;
  /** Copies the outputs that are not in place back. */
  finish(): void;
}

/** The copying path: every array in the module's own memory. */
export function arenaPlace(exp: WasmExports, arena: Arena): Place {
  arena.reset();
  const outs: Array<[number, Float32Array, number]> = [];
  const room = (bytes: number): number => {
    const at = arena.reserve(bytes);
    arena.commit(); // a growth keeps what was copied in before (offsets stay valid)
    return at;
  };
  return {
    exp,
    in(x, n) {
      const at = room(4 * n);
      arena.put(at, x, n);
      return at;
    },
    out(y, n, init = false) {
      const at = init ? this.in(y, n) : room(4 * n);
      outs.push([at, y, n]);
      return at;
    },
    bits(b, n) {
      const at = room(4 * n);
      arena.putBits(at, b, n);
      return at;
    },
    f64(n, values) {
      const at = room(8 * n);
      if (values !== undefined) arena.putF64(at, values);
      return at;
    },
    room: (n) => room(4 * n),
    write: (at, src) => arena.put(at, src, src.length),
    writeF64: (at, src) => arena.putF64(at, src),
    readF64: (at, dst) => arena.getF64(at, dst),
    read: (at, dst, n) => arena.get(at, dst, n),
    finish() {
      for (const [at, y, n] of outs) arena.get(at, y, n);
    },
  };
}

/** The region's path: resident arrays in place, the others through its scratch (−1: no room). */
export function regionPlace(r: WasmResident): Place {
  const { region, exp } = r;
  region.resetScratch();
  const outs: Array<[number, Float32Array, number]> = [];
  const buffer = region.buffer;
  return {
    exp,
    in: (x, n) => region.operand(x, n),
    out(y, n, init = false) {
      const at = region.operand(y, n, init);
      if (at >= 0 && !region.owns(y)) outs.push([at, y, n]);
      return at;
    },
    bits(b, n) {
      const at = region.scratch(4 * n);
      if (at >= 0) new Uint32Array(buffer, at, n).set(n === b.length ? b : b.subarray(0, n));
      return at;
    },
    f64(n, values) {
      const at = region.scratch(8 * n);
      if (at >= 0 && values !== undefined) new Float64Array(buffer, at, n).set(values);
      return at;
    },
    room: (n) => region.scratch(4 * n),
    write: (at, src) => new Float32Array(buffer, at, src.length).set(src),
    writeF64: (at, src) => new Float64Array(buffer, at, src.length).set(src),
    readF64: (at, dst) => dst.set(new Float64Array(buffer, at, dst.length)),
    read: (at, dst, n) => region.copyOut(at, dst, n),
    finish() {
      for (const [at, y, n] of outs) region.copyOut(at, y, n);
    },
  };
}

/**
 * Runs `body` with the region's pointers when one of the call's large arrays (`big`) is resident
 * and the region's scratch holds the others, else on the copying path. `body` returns false,
 * before running anything, when a pointer it got is −1.
 */
export function placeCall(exp: WasmExports, arena: Arena, resident: WasmResident | null, big: readonly Float32Array[], body: (p: Place) => boolean): void {
  if (resident !== null && big.some((a) => resident.region.owns(a))) {
    const p = regionPlace(resident);
    if (body(p)) {
      resident.region.countCall();
      return p.finish();
    }
  }
  const p = arenaPlace(exp, arena);
  body(p);
  p.finish();
}
