// Append-only typed storage for the CSV reader whose resident memory stays at the size of the data.

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
  readonly maxByteLength: number;
}
type ResizableCtor = new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

const RESIZABLE = typeof (ArrayBuffer.prototype as Partial<ResizableArrayBuffer>).resize === 'function';
/** V8 rejects larger reservations; beyond it storage falls back to copying growth. */
const MAX_RESERVATION = 2 ** 31;
const FIRST = 4096;
/** Storage of at least this many bytes is released by `take()` itself. */
const RELEASE_AT_ONCE = 1 << 20;

type Typed = Float64Array | Int32Array;
type TypedCtor<T extends Typed> = { new (n: number): T; new (b: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number };

/**
 * A growing Float64Array/Int32Array. Where resizable ArrayBuffers exist (Node 20, current
 * browsers) it reserves address space for `maxLength` values and commits pages as it grows, so
 * growth never copies and never leaves freed copies behind in RSS; `take()` hands back a plain
 * exact-length array and releases the reservation. Elsewhere it doubles a plain array.
 */
export class GrowableArray<T extends Typed> {
  length = 0;
  private view: T;
  private buffer: ResizableArrayBuffer | undefined;

  /**
   * @param ctor Float64Array or Int32Array.
   * @param maxLength an upper bound on the final length (for the reservation); may be exceeded.
   */
  constructor(
    private readonly ctor: TypedCtor<T>,
    maxLength: number,
  ) {
    const bytes = Math.min(MAX_RESERVATION, Math.max(FIRST, Math.ceil(maxLength)) * ctor.BYTES_PER_ELEMENT);
    if (RESIZABLE) {
      this.buffer = new (ArrayBuffer as unknown as ResizableCtor)(0, { maxByteLength: bytes });
      this.view = new ctor(this.buffer, 0, 0);
    } else {
      this.view = new ctor(FIRST);
    }
  }

  /** Append one value. */
  push(v: number): void {
    if (this.length === this.view.length) this.grow();
    this.view[this.length++] = v;
  }

  /** Append `v` n times. */
  fill(v: number, n: number): void {
    for (let i = 0; i < n; i++) this.push(v);
  }

  private grow(): void {
    const bpe = this.ctor.BYTES_PER_ELEMENT;
    const want = Math.max(FIRST, this.view.length * 2);
    const buf = this.buffer;
    if (buf !== undefined) {
      const cap = Math.min(want, Math.floor(buf.maxByteLength / bpe));
      if (cap > this.view.length) {
        buf.resize(cap * bpe);
        this.view = new this.ctor(buf, 0, cap);
        return;
      }
      this.buffer = undefined; // reservation exhausted: continue with copying growth
    }
    const next = new this.ctor(want);
    next.set(this.view);
    buf?.resize(0);
    this.view = next;
  }

  /** The values as a plain exact-length array; the storage is released. */
  take(): T {
    const out = new this.ctor(this.length);
    out.set(this.view.subarray(0, this.length));
    // Giving large storage back at once keeps the copy from doubling resident memory; for small
    // columns (a wide table has thousands) the call costs more than it saves: GC frees them.
    if (this.length * this.ctor.BYTES_PER_ELEMENT >= RELEASE_AT_ONCE) this.buffer?.resize(0);
    this.buffer = undefined;
    this.view = new this.ctor(0);
    return out;
  }
}
