// Reference elementwise arithmetic and sums along a dimension (see `Kernels.binary` and
// `Kernels.sumAlong`). Each operation has its own loops written out: loops made by one shared
// factory share V8's type feedback, so the call to the operation inside them would not be
// inlined (several times slower).

type Loop = (n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number) => void;

/** `out = a + b′`. */
function add(n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  if (mid === 0) {
    for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
  } else if (inner === 1) {
    for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! + b[m]!;
  } else {
    for (let i = 0; i < n; ) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        for (const end = i + inner; i < end; i++) out[i] = a[i]! + v;
      }
    }
  }
}

/** `out = a - b′`. */
function sub(n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  if (mid === 0) {
    for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
  } else if (inner === 1) {
    for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! - b[m]!;
  } else {
    for (let i = 0; i < n; ) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        for (const end = i + inner; i < end; i++) out[i] = a[i]! - v;
      }
    }
  }
}

/** `out = b′ - a` (swapped operands). */
function subSwapped(n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  if (mid === 0) {
    for (let i = 0; i < n; i++) out[i] = b[i]! - a[i]!;
  } else if (inner === 1) {
    for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = b[m]! - a[row + m]!;
  } else {
    for (let i = 0; i < n; ) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        for (const end = i + inner; i < end; i++) out[i] = v - a[i]!;
      }
    }
  }
}

/** `out = a * b′`. */
function mul(n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  if (mid === 0) {
    for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
  } else if (inner === 1) {
    for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! * b[m]!;
  } else {
    for (let i = 0; i < n; ) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        for (const end = i + inner; i < end; i++) out[i] = a[i]! * v;
      }
    }
  }
}

/** `out = a / b′`. */
function div(n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  if (mid === 0) {
    for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
  } else if (inner === 1) {
    for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! / b[m]!;
  } else {
    for (let i = 0; i < n; ) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        for (const end = i + inner; i < end; i++) out[i] = a[i]! / v;
      }
    }
  }
}

/** `out = b′ / a` (swapped operands). */
function divSwapped(n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  if (mid === 0) {
    for (let i = 0; i < n; i++) out[i] = b[i]! / a[i]!;
  } else if (inner === 1) {
    for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = b[m]! / a[row + m]!;
  } else {
    for (let i = 0; i < n; ) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        for (const end = i + inner; i < end; i++) out[i] = v / a[i]!;
      }
    }
  }
}

/** By `op`: add, sub, mul, div, then the same with swapped operands (f(b′, a)). */
const LOOPS: readonly Loop[] = [add, sub, mul, div, add, subSwapped, mul, divSwapped];

/** Reference elementwise arithmetic (see `Kernels.binary`). */
export function binary(op: number, n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  LOOPS[op & 7]!(n, a, b, out, mid, inner);
}

/** Reference sums along the middle of an [outer, n, inner] view, in double precision (see `Kernels.sumAlong`). */
export function sumAlong(outer: number, n: number, inner: number, x: Float32Array, out: Float32Array, scale: number): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s = 0;
      const end = (o + 1) * n;
      for (let i = o * n; i < end; i++) s += x[i]!;
      out[o] = s * scale;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * n * inner;
    for (let r = 0; r < n; r++) {
      const row = base + r * inner;
      for (let i = 0; i < inner; i++) acc[i]! += x[row + i]!;
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = acc[i]! * scale;
  }
}
