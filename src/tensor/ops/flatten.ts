import { ValueError } from '../../errors.js';
import type { Tensor } from '../tensor.js';
import { normaliseDim } from '../shape.js';
import { viewAs } from './reshape.js';

/**
 * Merge dimensions `startDim..endDim` (inclusive) into one, sharing the data (PyTorch's
 * `torch.flatten`; a scalar becomes `[1]`). `nn.Flatten` uses `startDim = 1`.
 * @param x input tensor.
 * @param startDim first dimension to merge. Default 0.
 * @param endDim last dimension to merge. Default −1 (the last).
 * @throws ShapeError for a dimension out of range; ValueError when `startDim` comes after `endDim`.
 * @example flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) {
    normaliseDim(startDim, 0, 'flatten');
    normaliseDim(endDim, 0, 'flatten');
    return viewAs(x, [1], 'FlattenBackward');
  }
  const s = normaliseDim(startDim, x.ndim, 'flatten');
  const e = normaliseDim(endDim, x.ndim, 'flatten');
  if (s > e) {
    throw new ValueError(`flatten: startDim must not come after endDim. Received: startDim=${startDim}, endDim=${endDim} for a tensor of rank ${x.ndim}.`);
  }
  let merged = 1;
  for (let d = s; d <= e; d++) merged *= x.shape[d]!;
  return viewAs(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)], 'FlattenBackward');
}
