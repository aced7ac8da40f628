import { Tensor } from '../tensor/tensor.js';
import { allocFloat32 } from '../tensor/storage.js';

/** Rows `rows[start:end]` of `x` (first dimension) copied into a new tensor. */
export function takeRows(x: Tensor, rows: Int32Array, start: number, end: number): Tensor {
  const rowSize = x.shape.length === 0 ? 1 : x.size / x.shape[0]!;
  const n = end - start;
  const out = allocFloat32(n * rowSize); // every row is copied in below
  const src = x.data;
  if (rowSize === 1) {
    for (let i = 0; i < n; i++) out[i] = src[rows[start + i]!]!;
  } else if (rowSize < 64) {
    // Short rows (tabular batches): an element loop, without a subarray object per row.
    for (let i = 0, o = 0; i < n; i++) {
      const r = rows[start + i]! * rowSize;
      for (let k = 0; k < rowSize; k++) out[o++] = src[r + k]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const r = rows[start + i]! * rowSize;
      out.set(src.subarray(r, r + rowSize), i * rowSize);
    }
  }
  return new Tensor(out, [n, ...x.shape.slice(1)]);
}

/** 0..n-1 as an Int32Array. */
export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
