// Output buffers for ops that overwrite every element. A fresh `new Float32Array(n)` of a few
// kilobytes costs more than the arithmetic it will hold: V8 zero-fills it, creates an ArrayBuffer
// with its own backing store and counts it as external memory, which brings garbage collections
// forward. Measured on a 2-core EPYC (CPU time, busy machine): 13 µs for 8,192 floats and 280 µs
// for 524,288, against 2.5 µs and 116 µs for a whole PyTorch `a + b` of those sizes.
// So: medium arrays are carved out of shared 1 MiB slabs (a view costs ~0.1 µs; a slab is freed
// when the last view into it is collected) and large ones get their own buffer without zero-fill.
// Contents are unspecified: callers must write every element.

/** Node's allocator of uninitialised memory (absent in browsers, where plain arrays are used). */
const allocUnsafe: ((bytes: number) => Uint8Array) | null =
  typeof Buffer !== 'undefined' && typeof Buffer.allocUnsafeSlow === 'function' ? Buffer.allocUnsafeSlow : null;

/** Arrays up to this many bytes stay ordinary (V8 keeps ≤ 64-byte typed arrays on its heap). */
const SMALL_BYTES = 64;
/** Arrays up to this many bytes come from a shared slab; larger ones get their own buffer. */
const SLAB_ARRAY_BYTES = 32 * 1024;
const SLAB_BYTES = 96 * 1024;

let slab: ArrayBuffer | null = null;
let slabTop = SLAB_BYTES;

/**
 * Large outputs handed back by `releaseFloat32` (intermediate activations of an inference-mode
 * forward), by length. Reusing them spares V8 the external-memory garbage collections and the
 * kernel the page faults that a fresh multi-megabyte buffer per layer and pass costs (30-pass MC
 * dropout over 10,000 rows allocated ~1 GB per call before).
 */
const released = new Map<number, Float32Array[]>();
let releasedBytes = 0;
/** At most this many bytes wait for reuse, and this many arrays of one length. */
const RELEASED_MAX_BYTES = 64 * 1024 * 1024;
const RELEASED_PER_LENGTH = 4;
/** Arrays made here with their own buffer: the only ones `releaseFloat32` accepts. */
const owned = new WeakSet<ArrayBuffer>();

/**
 * A Float32Array of n elements whose contents are unspecified (not zeroed): for outputs that a
 * kernel or loop writes in full. 64-byte aligned when it comes from a slab.
 * @param n number of elements.
 */
export function outputFloat32(n: number): Float32Array {
  const bytes = n * 4;
  if (bytes <= SMALL_BYTES || allocUnsafe === null) return new Float32Array(n);
  if (bytes > SLAB_ARRAY_BYTES) {
    const reuse = released.get(n)?.pop();
    if (reuse !== undefined) {
      releasedBytes -= bytes;
      return reuse;
    }
    const b = allocUnsafe(bytes);
    owned.add(b.buffer as ArrayBuffer);
    return new Float32Array(b.buffer, b.byteOffset, n);
  }
  let at = slabTop;
  if (slab === null || at + bytes > SLAB_BYTES) {
    slab = allocUnsafe(SLAB_BYTES).buffer as ArrayBuffer;
    at = 0;
  }
  slabTop = (at + bytes + 63) & ~63;
  return new Float32Array(slab, at, n);
}

/**
 * Hands a large array from `outputFloat32` back for reuse by a later `outputFloat32` of the same
 * length. The caller guarantees nothing reads or writes it any more (nn.Sequential does this for
 * the intermediate outputs of built-in layers under noGrad). Arrays not made by outputFloat32 with
 * their own buffer, and anything beyond the pool's bounds, are left to the garbage collector.
 * @param a an array returned by outputFloat32 that is no longer used.
 */
export function releaseFloat32(a: Float32Array): void {
  const bytes = a.length * 4;
  if (bytes <= SLAB_ARRAY_BYTES || a.byteOffset !== 0 || a.buffer.byteLength !== bytes || !owned.has(a.buffer as ArrayBuffer)) return;
  if (releasedBytes + bytes > RELEASED_MAX_BYTES) return;
  let list = released.get(a.length);
  if (list === undefined) released.set(a.length, (list = []));
  if (list.length >= RELEASED_PER_LENGTH || list.includes(a)) return;
  list.push(a);
  releasedBytes += bytes;
}
