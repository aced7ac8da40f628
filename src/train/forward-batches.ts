import { ValueError } from '../errors.js';
import type { AnyModule } from '../nn/module.js';
import { noGrad } from '../tensor/autograd.js';
import { tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';

/** Rows per chunk of {@link forwardInBatches} by default. */
export const FORWARD_BATCH_ROWS = 4096;

/**
 * `model.forward(x)` without autograd, `batchSize` rows at a time, in whatever mode the model is
 * in: the output is the same as one forward over all rows for row-independent models (eval-mode
 * BatchNorm, LayerNorm, Dropout, per-row attention), but the activations held at once are those of
 * one chunk, not of every row (2M rows × 128 units is 1 GB per layer otherwise). Inputs are viewed,
 * not copied; each chunk's activations go back to the storage pool once its output is copied. In train mode (MC dropout) the random draws come chunk by chunk: seeded runs repeat,
 * but masks differ from one all-rows forward.
 * @param model any module taking one tensor whose first dimension is rows.
 * @param x inputs, first dimension = rows.
 * @param batchSize rows per chunk. Default {@link FORWARD_BATCH_ROWS}.
 * @returns the output tensor, first dimension = rows.
 * @throws ValueError for a batchSize that is not a positive integer, or x without a row dimension.
 * @example const logits = train.forwardInBatches(model.eval(), x);
 */
export function forwardInBatches(model: AnyModule, x: Tensor, batchSize = FORWARD_BATCH_ROWS): Tensor {
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
    throw new ValueError(`forwardInBatches: batchSize must be a positive integer. Received: batchSize=${batchSize}.`);
  }
  if (x.ndim === 0) throw new ValueError('forwardInBatches: x needs a first (row) dimension. Received: a scalar.');
  const n = x.shape[0]!;
  const forward = (t: Tensor): Tensor => (model as { forward(t: Tensor): Tensor }).forward(t);
  // One chunk: the output is returned, the activations made on the way go back to the pool.
  if (n <= batchSize) return tidy(() => noGrad(() => forward(x)), { keepReachableFrom: [model] });
  const rowSize = x.size / n;
  let out: Float32Array | undefined;
  let outShape: number[] = [];
  let outRow = 0;
  noGrad(() => {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      // Each chunk in a tidy scope: its activations and output are copied out and dead at the
      // scope's end, so the next chunk's ops reuse their storage.
      tidy(() => {
        const chunk = new Tensor(x.data.subarray(start * rowSize, end * rowSize), [end - start, ...x.shape.slice(1)]);
        const y = forward(chunk);
        if (out === undefined) {
          outRow = y.size / (end - start);
          outShape = [n, ...y.shape.slice(1)];
          out = new Float32Array(n * outRow);
        }
        out.set(y.data, start * outRow);
      }, { keepReachableFrom: [model] });
    }
  });
  return new Tensor(out!, outShape);
}
