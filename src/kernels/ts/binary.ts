// Reference elementwise arithmetic and sums along a dimension (see `Kernels.binary` and
// `Kernels.sumAlong`): one loop per operation so that each stays monomorphic.

type Loop = (n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number) => void;

/** The same-shape and block-broadcast loops of `f`, with `f(b, a)` variants for swapped operands. */
function loops(f: (x: number, y: number) => number): [Loop, Loop] {
  const forward: Loop = (n, a, b, out, mid, inner) => {
    if (mid === 0) {
      for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    } else if (inner === 1) {
      for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = f(a[row + m]!, b[m]!);
    } else {
      for (let i = 0; i < n; ) {
        for (let m = 0; m < mid; m++) {
          const v = b[m]!;
          for (const end = i + inner; i < end; i++) out[i] = f(a[i]!, v);
        }
      }
    }
  };
  const swapped: Loop = (n, a, b, out, mid, inner) => {
    if (mid === 0) {
      for (let i = 0; i < n; i++) out[i] = f(b[i]!, a[i]!);
    } else if (inner === 1) {
      for (let row = 0; row < n; row += mid) for (let m = 0; m < mid; m++) out[row + m] = f(b[m]!, a[row + m]!);
    } else {
      for (let i = 0; i < n; ) {
        for (let m = 0; m < mid; m++) {
          const v = b[m]!;
          for (const end = i + inner; i < end; i++) out[i] = f(v, a[i]!);
        }
      }
    }
  };
  return [forward, swapped];
}

// Separate closures per operation: V8 inlines each `f` into its own copy of the loops.
const LOOPS: readonly [Loop, Loop][] = [
  loops((x, y) => x + y),
  loops((x, y) => x - y),
  loops((x, y) => x * y),
  loops((x, y) => x / y),
];

/** Reference elementwise arithmetic (see `Kernels.binary`). */
export function binary(op: number, n: number, a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void {
  LOOPS[op & 3]![(op & 4) === 0 ? 0 : 1](n, a, b, out, mid, inner);
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
