// Public exports of nn/functional/: the fused ops behind the layers and losses (PyTorch's `F`).
export { linear } from './linear.js';
export { batchNorm } from './batch-norm.js';
export type { BatchNormOptions } from './batch-norm.js';
export { dropout } from './dropout.js';
export type { DropoutOptions } from './dropout.js';
export { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits.js';
export type { BinaryCrossEntropyWithLogitsOptions } from './binary-cross-entropy-with-logits.js';
export type { Reduction } from './reduction.js';
