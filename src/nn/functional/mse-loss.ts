import { ShapeError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { formatShape, sameShape } from '../../tensor/shape.js';
import { checkReduction, elementwiseLoss, type Reduction } from './reduction.js';

/** Options of `mseLoss`. */
export interface MSELossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Squared error `(x − y)²` reduced (PyTorch's `F.mse_loss`). Unlike PyTorch (which warns and
 * broadcasts), differing shapes are an error: `[N, 1]` against `[N]` would silently compare every
 * prediction with every target.
 * @param input predictions. @param target same shape. @param options reduction ('mean').
 * @throws ShapeError when the shapes differ; ValueError for a bad reduction.
 * @example mseLoss(tensor([1, 2]), tensor([1, 4])).item(); // 2
 */
export function mseLoss(input: Tensor, target: Tensor, options: MSELossOptions = {}): Tensor {
  const who = 'mseLoss';
  const reduction = checkReduction(options.reduction ?? 'mean', who);
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${who}: target size ${formatShape(target.shape)} must equal input size ${formatShape(input.shape)}.`);
  }
  const n = input.size;
  const x = input.data;
  const y = target.data;
  const loss = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    loss[i] = d * d;
  }
  const diff = (sign: number) => (): Float32Array => {
    const d = new Float32Array(n);
    for (let i = 0; i < n; i++) d[i] = sign * 2 * (x[i]! - y[i]!);
    return d;
  };
  return elementwiseLoss('MseLossBackward', input, target, loss, reduction, diff(1), diff(-1));
}
