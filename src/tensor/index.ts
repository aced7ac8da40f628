// Public exports of tensor/: the Tensor class, factories, autograd switches and ops.
export { Tensor } from './tensor.js';
export type { Operand, NestedArray } from './tensor.js';
export { tensor, zeros, ones, full, randn, rand, arange } from './creation.js';
export type { TensorOptions, RandomOptions } from './creation.js';
export { noGrad, isGradEnabled } from './autograd.js';
export type { GradNode } from './autograd.js';
export * from './ops/index.js';
export { tidy, keep, DisposedTensorError } from './scope.js';
export type { TidyOptions } from './scope.js';
export type { TidyResult } from './scope.js';
export { poolStats, setPoolLimit, clearPool } from './storage.js';
export type { PoolStats } from './storage.js';
