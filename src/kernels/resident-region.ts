// Tensor storage that lives inside a wasm module's linear memory, so that kernels read and write
// it in place instead of copying every operand in and the result out.
//
// The kernel module's own memory grows with the largest call (GEMM, conv), and a grown memory
// detaches every view of its old buffer, so tensors cannot live there. A region is a second
// instance of the same module whose memory is grown once, when the region is made, and never
// again: its buffer, and every Float32Array carved from it, stays valid for the life of the
// process. The first `scratchBytes` past the module's static data take the operands of a call
// that are not resident (copied in, as the copying path does); the rest is carved into arrays.
//
// Allocation: blocks rounded up to 64 bytes, a free list per block size (a training loop repeats
// the same shapes), new blocks from a bump pointer; once that is used up, the smallest larger free
// block is split, neighbouring free blocks are merged when a request finds none, and when every
// block has come back the region is carved afresh. A block comes back
// only through `releaseResident`, which the storage pool calls when it gives an array up for good
// (pool eviction, `setPoolLimit`, `clearPool`). Blocks are never reclaimed through the garbage
// collector: a view derived from an array (`subarray`) can outlive the array's own view object,
// and a reused block would change it. So the storage pool moves only storage that came back to it
// into a region (tensor/storage.ts, `promote`): code that disposes (`dispose`, `tidy`, `fit`)
// gets resident storage from its second step on, and an op's output that is never disposed holds
// a block only when it was handed one from the pool. Tensor factories (inputs, parameters: long
// lived) take blocks directly, but only while less than half of the region is in use. A block
// that is never given back stays taken; once the region is full, the pool keeps ordinary arrays
// (the copying path), as before regions existed.

/** Counters of one region. */
export interface ResidentStats {
  /** Bytes carved into arrays (handed out and not released, or waiting in the free lists). */
  carved: number;
  /** Bytes of arrays handed out and not released. */
  inUse: number;
  /** Bytes available for arrays in all. */
  capacity: number;
  /** Arrays handed out / requests refused (no room, or outside the size range). */
  issued: number;
  refused: number;
  /** Kernel calls run on the region (its arrays in place). */
  calls: number;
}

/** Regions by the buffer they carve (a buffer that never detaches, so a stable key). */
const regions = new WeakMap<ArrayBufferLike, ResidentRegion>();
/** Regions made so far (none: every array is ordinary, without a lookup). */
let made = 0;

/**
 * Give an array of a region back to it (a no-op, false, for any other array). The caller
 * guarantees that no tensor refers to it any more.
 */
export function releaseResident(a: Float32Array): boolean {
  const region = regions.get(a.buffer);
  return region !== undefined && region.release(a);
}

/** Whether `a` is storage of a region (an array `alloc` returned, or a view of one). */
export function isResident(a: Float32Array): boolean {
  return made !== 0 && regions.has(a.buffer);
}

/** Arrays with fewer elements are not placed in a region: kernels run on them in TypeScript. */
export const MIN_RESIDENT = 512;

/** A bump allocator with exact-size free lists over one never-growing buffer. */
export class ResidentRegion {
  private top: number;
  private readonly free = new Map<number, number[]>();
  private readonly stats: ResidentStats;
  /** First free byte of the scratch area during one call. */
  private scratchTop: number;

  /**
   * @param buffer the memory (never grown again once this region exists).
   * @param scratchAt first byte of the scratch area; arrays start at `scratchAt + scratchBytes`.
   * @param scratchBytes size of the scratch area. @param maxArrayBytes the largest array placed here.
   */
  constructor(
    readonly buffer: ArrayBuffer,
    private readonly scratchAt: number,
    private readonly scratchBytes: number,
    private readonly maxArrayBytes: number,
  ) {
    this.top = scratchAt + scratchBytes;
    this.scratchTop = scratchAt;
    this.stats = { carved: 0, inUse: 0, capacity: buffer.byteLength - this.top, issued: 0, refused: 0, calls: 0 };
    regions.set(buffer, this);
    made++;
  }

  /**
   * A Float32Array of `n` elements in this region (contents unspecified), or null when it has no
   * room or n is out of range. `input` (a tensor factory's storage): only while less than half
   * of the region is in use.
   */
  alloc(n: number, input = false): Float32Array | null {
    const bytes = (n * 4 + 63) & ~63;
    if (n < MIN_RESIDENT || bytes > this.maxArrayBytes || (input && 2 * (this.stats.inUse + bytes) > this.stats.capacity)) {
      this.stats.refused++;
      return null;
    }
    let at = this.free.get(bytes)?.pop();
    if (at === undefined && this.top + bytes > this.buffer.byteLength) {
      if (this.stats.inUse === 0) this.clear(); // everything came back: carve afresh
      else at = this.split(bytes) ?? (this.merge() ? (this.free.get(bytes)?.pop() ?? this.split(bytes)) : undefined);
    }
    if (at === undefined) {
      if (this.top + bytes > this.buffer.byteLength) {
        this.stats.refused++;
        return null;
      }
      at = this.top;
      this.top += bytes;
      this.stats.carved += bytes;
    }
    this.stats.inUse += bytes;
    this.stats.issued++;
    return new Float32Array(this.buffer, at, n);
  }

  /** Forget every free block and carve from the start again (when no array is handed out). */
  private clear(): void {
    this.free.clear();
    this.top = this.scratchAt + this.scratchBytes;
    this.stats.carved = 0;
  }

  /**
   * Merge neighbouring free blocks, and give a free run at the bump pointer back to it (run when a
   * request finds no block: blocks freed in another order than taken leave small fragments).
   * @returns whether anything merged.
   */
  private merge(): boolean {
    const blocks: [number, number][] = [];
    for (const [size, list] of this.free) for (const at of list) blocks.push([at, size]);
    blocks.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [at, size] of blocks) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last[0] + last[1] === at) last[1] += size;
      else merged.push([at, size]);
    }
    const tail = merged[merged.length - 1];
    const atTop = tail !== undefined && tail[0] + tail[1] === this.top;
    if (atTop) {
      this.top = tail[0];
      this.stats.carved -= tail[1];
      merged.pop();
    }
    if (!atTop && merged.length === blocks.length) return false;
    this.free.clear();
    for (const [at, size] of merged) {
      let list = this.free.get(size);
      if (list === undefined) this.free.set(size, (list = []));
      list.push(at);
    }
    return true;
  }

  /** The first `bytes` of the smallest larger free block (its rest stays free), or undefined. */
  private split(bytes: number): number | undefined {
    let best = Infinity;
    for (const [size, list] of this.free) if (size > bytes && size < best && list.length > 0) best = size;
    if (best === Infinity) return undefined;
    const at = this.free.get(best)!.pop()!;
    let rest = this.free.get(best - bytes);
    if (rest === undefined) this.free.set(best - bytes, (rest = []));
    rest.push(at + bytes);
    return at;
  }

  /** Whether `a` is a view of this region's memory (an array of it, or part of one). */
  owns(a: Float32Array): boolean {
    return a.buffer === this.buffer;
  }

  /** Take back an array `alloc` returned (whole: same offset and length); false for anything else. */
  release(a: Float32Array): boolean {
    if (a.buffer !== this.buffer || a.byteOffset < this.scratchAt + this.scratchBytes || (a.byteOffset & 63) !== 0) return false;
    const bytes = (a.length * 4 + 63) & ~63;
    let list = this.free.get(bytes);
    if (list === undefined) this.free.set(bytes, (list = []));
    list.push(a.byteOffset);
    this.stats.inUse -= bytes;
    return true;
  }

  /** Starts a call: the scratch area is free again. */
  resetScratch(): void {
    this.scratchTop = this.scratchAt;
  }

  /** Count a kernel call that ran on this region. */
  countCall(): void {
    this.stats.calls++;
  }

  /**
   * The byte offset of `x`'s first `length` elements for a kernel of this region: `x` in place
   * when it is resident, else a copy in the scratch area (`copy` false: room only, for an output).
   * −1 when the scratch area has no room left (the caller takes the copying path).
   */
  operand(x: Float32Array, length: number, copy = true): number {
    if (x.buffer === this.buffer) return x.byteOffset;
    const at = this.scratch(4 * length);
    if (at >= 0 && copy) new Float32Array(this.buffer, at, length).set(length === x.length ? x : x.subarray(0, length));
    return at;
  }

  /** `length` floats at byte offset `at` copied into `dst` (an output computed in scratch). */
  copyOut(at: number, dst: Float32Array, length: number): void {
    if (dst.buffer !== this.buffer || dst.byteOffset !== at) dst.set(new Float32Array(this.buffer, at, length));
  }

  /** Reserve `bytes` of scratch (64-byte aligned), −1 when there is no room. */
  scratch(bytes: number): number {
    const at = (this.scratchTop + 63) & ~63;
    if (at + bytes > this.scratchAt + this.scratchBytes) return -1;
    this.scratchTop = at + bytes;
    return at;
  }

  /** This region's counters. */
  counters(): ResidentStats {
    return { ...this.stats };
  }
}
