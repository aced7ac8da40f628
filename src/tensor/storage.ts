// Tensor storage: a bounded pool of Float32Arrays that ops draw their outputs from.
//
// A fresh output costs more than the arithmetic it holds: `new Float32Array(131072)` (512 KB) is
// ~100 µs on a 2-core EPYC, against ~25 µs for the SIMD add that fills it, and each fresh
// multi-megabyte buffer streams through memory the cache has not seen. PyTorch's caching allocator
// hands back the block freed a moment ago; this pool does the same for storage whose owner is known
// to be dead: tensors disposed explicitly (`Tensor.dispose`), at the end of a `tidy` scope, and the
// intermediate gradients that the autograd engine itself knows are dead after accumulation.
//
// Safety: only arrays this module issued are ever pooled (a caller's own Float32Array never is),
// and an array is pooled only when no live tensor refers to it: every Tensor built on an issued
// array counts one reference (reshape, view, detach share their input's array), and disposing the
// last one releases it. A disposed tensor throws DisposedTensorError when used, so recycled memory
// is never read through a tensor. A Float32Array obtained from `t.data` before `t.dispose()` is the
// caller's to drop: it may be overwritten once the storage is reused.
//
// Bound: at most `limit` bytes wait in the pool (default 64 MiB, `setPoolLimit`), each counted by
// the bytes of the ArrayBuffer it keeps alive (a small array carved from a shared slab counts the
// whole slab; resident storage of the wasm tier, kernels/resident-region.ts, counts its own
// bytes). Size classes are exact element counts (a training loop repeats the same shapes), with
// resident and ordinary arrays apart, last in first out per class so the array handed out is the
// one most likely still in cache.
import { ValueError } from '../errors.js';
import { outputFloat32 } from '../kernels/buffers.js';
import { kernels } from '../kernels/kernels.js';
import { isResident, MIN_RESIDENT, releaseResident } from '../kernels/resident-region.js';
import { inTidyScope } from './scope-depth.js';

/** Arrays of fewer elements (≤ 64 bytes, kept on V8's heap) are plain arrays, never pooled: cheaper than a lookup. */
const MIN_POOLED = 17;

/**
 * The bookkeeping of one issued array, made once and kept with the array for its whole life in
 * and out of the pool: `refs` counts the live tensors built on it, -1 while it waits in the pool.
 * A tensor keeps its array's record, so releasing it costs no lookup.
 */
export interface StorageRecord {
  refs: number;
  /** Issued inside a tidy scope: only such storage is moved into resident memory when it comes back (see promote). */
  scoped: boolean;
  /** Resident storage (kernels/resident-region.ts), and the bytes the array keeps while pooled: fixed for the array's life. */
  readonly resident: boolean;
  readonly bytes: number;
}

/** Issued arrays → their record (a lookup only for arrays reached without their tensor). */
const records = new WeakMap<Float32Array, StorageRecord>();
/** The array `allocFloat32` issued last and its record: the tensor wrapping it is usually made next. */
let lastArray: Float32Array | null = null;
let lastRecord: StorageRecord | null = null;
/**
 * Pooled arrays by class, last released last, with their records at the same positions. The class
 * of an ordinary array is its length, of resident storage minus its length: outside a tidy scope
 * the pool hands out ordinary arrays only, and a resident array must not hide them.
 */
const classes = new Map<number, { arrays: Float32Array[]; records: StorageRecord[] }>();
let pooledBytes = 0;
let limit = 64 * 1024 * 1024;
const stats = { hits: 0, misses: 0, released: 0, dropped: 0 };

function recordOf(a: Float32Array): StorageRecord | undefined {
  return a === lastArray ? lastRecord! : records.get(a);
}

/**
 * A Float32Array of `n` elements for an output that its producer overwrites in full; the contents
 * are unspecified (recycled storage or uninitialised memory).
 */
export function allocFloat32(n: number): Float32Array {
  return issue(n, false, false);
}

/**
 * As {@link allocFloat32}, for a working array that no tensor will hold and nothing hands back
 * (it is left to the garbage collector, as attention's per-call buffers are): never resident
 * storage, which the garbage collector could not take back.
 */
export function allocScratchFloat32(n: number): Float32Array {
  return issue(n, false, true);
}

/**
 * Storage for a tensor factory (`tensor`, `zeros`, `randn`, …). On a tier with resident memory
 * (the wasm tier: inputs and parameters that kernels then read in place) as {@link allocFloat32},
 * new storage from that memory while it has room: factory tensors live long (data, parameters),
 * so the region gives them at most half of itself, and should they never be disposed the other
 * half still serves storage that comes back to the pool. Elsewhere, and below the region's size
 * range, the factory's own array (left to the garbage collector, never pooled), as before regions.
 */
export function allocInputFloat32(n: number): Float32Array {
  if (n < MIN_RESIDENT || kernels().residentFloat32 === undefined) return new Float32Array(n);
  return issue(n, true, false);
}

function issue(n: number, input: boolean, scratch: boolean): Float32Array {
  if (n < MIN_POOLED) return new Float32Array(n);
  // Pooled resident storage only for tensors made in a tidy scope (see promote); else an ordinary
  // array, or new storage (for a factory, resident while the region is less than half used).
  const scoped = !scratch && inTidyScope();
  let list = scoped ? classes.get(-n) : undefined;
  if (list === undefined || list.arrays.length === 0) list = classes.get(n);
  let a: Float32Array;
  let r: StorageRecord;
  if (list !== undefined && list.arrays.length > 0) {
    a = list.arrays.pop()!;
    r = list.records.pop()!;
    pooledBytes -= r.bytes;
    stats.hits++;
  } else {
    stats.misses++;
    a = (input ? kernels().residentFloat32?.(n, true) : null) ?? fresh(n);
    r = newRecord(a, 0, false);
    records.set(a, r);
  }
  r.refs = 0;
  r.scoped = scoped;
  lastArray = a;
  lastRecord = r;
  return a;
}

/** Node's allocator of uninitialised memory (absent in browsers). */
const allocUnsafe: ((bytes: number) => Uint8Array) | null =
  typeof Buffer !== 'undefined' && typeof Buffer.allocUnsafeSlow === 'function' ? Buffer.allocUnsafeSlow : null;

/**
 * New storage: small arrays carved from kernels/buffers' shared slabs (a view costs ~0.1 µs),
 * larger ones with their own uninitialised buffer made here, so that they never also enter
 * kernels/buffers' own reuse list (`releaseFloat32`): an array in both lists could be handed out twice.
 */
function fresh(n: number): Float32Array {
  if (n * 4 <= 32 * 1024 || allocUnsafe === null) return outputFloat32(n);
  return new Float32Array(allocUnsafe(n * 4).buffer, 0, n);
}

/** A Float32Array of `n` zeros, from the pool when it has one of that length. */
export function allocZeroedFloat32(n: number): Float32Array {
  if (n < MIN_POOLED) return new Float32Array(n);
  return allocFloat32(n).fill(0);
}

/**
 * Count one more tensor on `a`; returns the record the tensor keeps for {@link releaseTensorStorage}
 * (undefined for arrays the pool did not issue, which are never counted).
 */
export function retainStorage(a: Float32Array): StorageRecord | undefined {
  if (a.length < MIN_POOLED) return undefined;
  const r = recordOf(a);
  if (r === undefined || r.refs < 0) return undefined;
  r.refs++;
  return r;
}

/** Drop one tensor's reference to `a` (`r` from retainStorage); the storage goes back to the pool when none is left. */
export function releaseTensorStorage(a: Float32Array, r: StorageRecord | undefined): void {
  if (r === undefined || r.refs <= 0) return;
  if (r.refs > 1) r.refs--;
  else recycle(a, r);
}

/** Whether `a` is pool storage that no tensor refers to (what `releaseStorage` would take). */
export function isFreeStorage(a: Float32Array): boolean {
  return a.length >= MIN_POOLED && recordOf(a)?.refs === 0;
}

/**
 * Hand back an issued array that no tensor refers to and nothing else reads (the engine's dead
 * intermediate gradients). Arrays still referenced by a tensor, and arrays the pool did not
 * issue, are left alone.
 */
export function releaseStorage(a: Float32Array): void {
  if (a.length < MIN_POOLED) return;
  const r = recordOf(a);
  if (r?.refs === 0) recycle(a, r);
}

/**
 * The bytes a pooled array keeps from other use: its whole ArrayBuffer (a slab's array keeps the
 * slab alive), or its own bytes for resident storage (the region's memory lives on regardless).
 */
function keptBytes(a: Float32Array, resident: boolean): number {
  return resident ? a.byteLength : a.buffer.byteLength;
}

/** The record of a newly issued array. */
function newRecord(a: Float32Array, refs: number, scoped: boolean): StorageRecord {
  const resident = isResident(a);
  return { refs, scoped, resident, bytes: keptBytes(a, resident) };
}

function recycle(array: Float32Array, record: StorageRecord): void {
  const a = limit > 0 && record.scoped && inTidyScope() ? promote(array, record) : array;
  const r = a === array ? record : recordOf(a)!;
  const bytes = r.bytes;
  const key = r.resident ? -a.length : a.length;
  let list = classes.get(key);
  if (list === undefined) classes.set(key, (list = { arrays: [], records: [] }));
  if (pooledBytes + bytes > limit) evict(pooledBytes + bytes - limit, key);
  if (pooledBytes + bytes > limit) {
    stats.dropped++;
    forget(a, r); // left to the garbage collector; never issued again
    return;
  }
  r.refs = -1;
  list.arrays.push(a);
  list.records.push(r);
  pooledBytes += bytes;
  stats.released++;
}

/**
 * The array to pool in place of `a` (its record made): storage the kernels read and write in place (the wasm tier's
 * resident region) when they have room, else `a` itself. The region cannot take blocks back
 * through the garbage collector (see kernels/resident-region.ts), so only tensors whose lifetime a
 * `tidy` scope ends get resident storage: storage is made resident when it comes back to the pool
 * inside a scope (at its end, or disposed in it), and the pool hands resident storage out only
 * inside a scope (`fit` runs each step in one). A tensor that escapes its scope and is never
 * disposed keeps its block; code that never uses `tidy` never takes one. `a` is left to the
 * garbage collector: a view of it that a caller kept stays valid.
 */
function promote(a: Float32Array, r: StorageRecord): Float32Array {
  if (a.length < MIN_RESIDENT || r.resident) return a;
  const resident = kernels().residentFloat32?.(a.length, false) ?? null;
  if (resident === null) return a;
  forget(a, r);
  records.set(resident, newRecord(resident, -1, true));
  return resident;
}

/**
 * Stop tracking `a`: a tensor still holding its record sees -1 (pooled), and releases nothing.
 * Resident storage goes back to its region (no tensor refers to it); any other array is left to
 * the garbage collector.
 */
function forget(a: Float32Array, r: StorageRecord): void {
  r.refs = -1;
  records.delete(a);
  if (lastArray === a) lastArray = lastRecord = null;
  releaseResident(a);
}

/** Free at least `need` bytes from the other size classes, oldest class first. */
function evict(need: number, keep: number): void {
  let freed = 0;
  for (const [n, list] of classes) {
    if (n === keep) continue;
    while (list.arrays.length > 0 && freed < need) {
      const r = list.records.shift()!;
      forget(list.arrays.shift()!, r);
      freed += r.bytes;
    }
    if (list.arrays.length === 0) classes.delete(n);
    if (freed >= need) break;
  }
  pooledBytes -= freed;
}

/** Counters of the storage pool (for tests and benchmarks). */
export interface PoolStats {
  /** Bytes waiting in the pool (ArrayBuffers kept alive by it). */
  bytes: number;
  /** Arrays waiting in the pool. */
  arrays: number;
  /** The bound on `bytes`. */
  limit: number;
  /** Allocations served from the pool / from fresh memory since the last `clearPool`. */
  hits: number;
  misses: number;
  /** Arrays handed back / turned away because the pool was full. */
  released: number;
  dropped: number;
}

/**
 * The storage pool's counters: how many bytes and arrays wait for reuse, the bound, and how often
 * an allocation was served from it.
 * @example tidy(() => add(a, b)); poolStats().bytes; // ≤ poolStats().limit
 */
export function poolStats(): PoolStats {
  let arrays = 0;
  for (const list of classes.values()) arrays += list.arrays.length;
  return { bytes: pooledBytes, arrays, limit, ...stats };
}

/**
 * Set the most bytes the storage pool keeps for reuse (default 64 MiB); 0 turns pooling off.
 * Arrays beyond the new bound are freed (left to the garbage collector).
 * @param bytes a non-negative number of bytes.
 * @throws ValueError for a negative or non-finite value.
 * @example setPoolLimit(16 * 1024 * 1024);
 */
export function setPoolLimit(bytes: number): void {
  if (!Number.isFinite(bytes) || bytes < 0) throw new ValueError(`setPoolLimit: bytes must be a non-negative finite number. Received: ${bytes}.`);
  limit = bytes;
  if (pooledBytes > limit) evict(pooledBytes - limit, Number.NaN);
}

/**
 * Empty the storage pool (its arrays are left to the garbage collector) and reset its counters.
 * @example clearPool(); poolStats().bytes; // 0
 */
export function clearPool(): void {
  for (const list of classes.values()) list.arrays.forEach((a, i) => forget(a, list.records[i]!));
  classes.clear();
  pooledBytes = 0;
  stats.hits = stats.misses = stats.released = stats.dropped = 0;
}
