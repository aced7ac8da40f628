// Where the arrays of one wasm kernel call go. On the copying path every array is copied into the
// kernel module's memory (which grows to the largest call) and the outputs are copied back. When
// one of the call's large arrays is resident (wasm-resident.ts), the call runs on the region's
// instance: resident arrays are read and written in place, the others go through its scratch.
import type { Arena, WasmExports } from './wasm-arena.js';
import type { ResidentRegion } from './resident-region.js';
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
  /** Room for `n` doubles (filled by the kernel, or by the caller with `writeF64`). */
  f64(n: number): number;
  /** Room for `n` floats that the caller fills with `write` during the call. */
  room32(n: number): number;
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

/**
 * Outputs a call computed away from their arrays: (offset, array, length) triples in slots reused
 * call after call, `count` of them pending (no array is shrunk and grown again per call).
 */
class PendingOuts {
  private readonly at: number[] = [];
  private readonly arrays: (Float32Array | null)[] = [];
  private readonly lengths: number[] = [];
  private count = 0;

  add(at: number, y: Float32Array, n: number): void {
    const k = this.count++;
    this.at[k] = at;
    this.arrays[k] = y;
    this.lengths[k] = n;
  }

  /** Each pending output copied back with `get`, then none pending. */
  drain(get: (at: number, y: Float32Array, n: number) => void): void {
    const count = this.count;
    this.count = 0;
    for (let k = 0; k < count; k++) get(this.at[k]!, this.arrays[k]!, this.lengths[k]!);
    this.clear(count);
  }

  /** None pending, nothing copied (the slots let go of their arrays). */
  clear(count = this.count): void {
    for (let k = 0; k < count; k++) this.arrays[k] = null;
    this.count = 0;
  }
}

/**
 * The copying path: every array in the module's own memory. One object per kernel instance, reset
 * by each call (a call's closures and objects, made anew for every kernel call, cost more than the
 * copies on small tensors).
 */
export class ArenaPlace implements Place {
  private readonly outs = new PendingOuts();
  constructor(
    readonly exp: WasmExports,
    private readonly arena: Arena,
  ) {}

  /** Starts a call. */
  reset(): this {
    this.arena.reset();
    return this;
  }

  private room(bytes: number): number {
    const at = this.arena.reserve(bytes);
    this.arena.commit(); // a growth keeps what was copied in before (offsets stay valid)
    return at;
  }

  in(x: Float32Array, n: number): number {
    const at = this.room(4 * n);
    this.arena.put(at, x, n);
    return at;
  }

  out(y: Float32Array, n: number, init = false): number {
    const at = init ? this.in(y, n) : this.room(4 * n);
    this.outs.add(at, y, n);
    return at;
  }

  bits(b: Uint32Array, n: number): number {
    const at = this.room(4 * n);
    this.arena.putBits(at, b, n);
    return at;
  }

  f64(n: number): number {
    return this.room(8 * n);
  }

  room32(n: number): number {
    return this.room(4 * n);
  }

  write(at: number, src: Float32Array): void {
    this.arena.put(at, src, src.length);
  }

  writeF64(at: number, src: Float64Array): void {
    this.arena.putF64(at, src);
  }

  readF64(at: number, dst: Float64Array): void {
    this.arena.getF64(at, dst);
  }

  read(at: number, dst: Float32Array, n: number): void {
    this.arena.get(at, dst, n);
  }

  finish(): void {
    this.outs.drain((at, y, n) => this.arena.get(at, y, n));
  }
}

/** The region's path: resident arrays in place, the others through its scratch (−1: no room). One object per region, reset by each call. */
export class RegionPlace implements Place {
  private readonly outs = new PendingOuts();
  readonly exp: WasmExports;
  private readonly region: ResidentRegion;

  constructor(r: WasmResident) {
    this.exp = r.exp;
    this.region = r.region;
  }

  /** Starts a call: the scratch is free, nothing pending. */
  reset(): this {
    this.region.resetScratch();
    this.outs.clear();
    return this;
  }

  in(x: Float32Array, n: number): number {
    return this.region.operand(x, n);
  }

  out(y: Float32Array, n: number, init = false): number {
    const at = this.region.operand(y, n, init);
    if (at >= 0 && !this.region.owns(y)) this.outs.add(at, y, n);
    return at;
  }

  bits(b: Uint32Array, n: number): number {
    const at = this.region.scratch(4 * n);
    if (at >= 0) new Uint32Array(this.region.buffer, at, n).set(n === b.length ? b : b.subarray(0, n));
    return at;
  }

  f64(n: number): number {
    return this.region.scratch(8 * n);
  }

  room32(n: number): number {
    return this.region.scratch(4 * n);
  }

  write(at: number, src: Float32Array): void {
    new Float32Array(this.region.buffer, at, src.length).set(src);
  }

  writeF64(at: number, src: Float64Array): void {
    new Float64Array(this.region.buffer, at, src.length).set(src);
  }

  readF64(at: number, dst: Float64Array): void {
    dst.set(new Float64Array(this.region.buffer, at, dst.length));
  }

  read(at: number, dst: Float32Array, n: number): void {
    this.region.copyOut(at, dst, n);
  }

  finish(): void {
    this.outs.drain((at, y, n) => this.region.copyOut(at, y, n));
    this.region.countCall();
  }
}

/** The two paths of one kernel instance, and the choice between them per call. */
export class Placer {
  private readonly arenaPlace: ArenaPlace;
  private regionPlace: RegionPlace | null = null;

  constructor(
    exp: WasmExports,
    arena: Arena,
    private readonly resident: () => WasmResident | null,
  ) {
    this.arenaPlace = new ArenaPlace(exp, arena);
  }

  /**
   * Runs `body` with the region's pointers when one of the call's large arrays (`a`, `b`, `c`,
   * `d`) is resident and the region's scratch holds the others, else on the copying path. `body`
   * returns false, before running anything, when a pointer it got is −1.
   */
  call(body: (p: Place) => boolean, a: Float32Array, b?: Float32Array, c?: Float32Array, d?: Float32Array): void {
    const r = this.resident();
    if (r !== null) {
      const region = r.region;
      if (region.owns(a) || (b !== undefined && region.owns(b)) || (c !== undefined && region.owns(c)) || (d !== undefined && region.owns(d))) {
        const p = (this.regionPlace ??= new RegionPlace(r)).reset();
        if (body(p)) return p.finish();
      }
    }
    const p = this.arenaPlace.reset();
    body(p);
    p.finish();
  }
}
