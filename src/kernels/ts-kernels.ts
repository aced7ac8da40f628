import type { Kernels } from './kernels.js';
import { adam } from './ts/adam.js';
import { binary, sumAlong } from './ts/binary.js';
import { batchNormBackward, batchNormTrain } from './ts/batchnorm.js';
import { conv2dBackwardFilter, conv2dBackwardInput, conv2dForward } from './ts/conv.js';
import { channelAffine, dropout, linear, relu, reluBackward, sum, sumRows } from './ts/elementwise.js';
import { gemm } from './ts/gemm.js';
import { softmax, softmaxBackward } from './ts/softmax.js';

/**
 * Plain-TypeScript reference kernels: the ground truth the native and wasm tiers are tested
 * against, and the fallback where neither loads (e.g. a browser without the wasm build).
 */
export const tsKernels: Kernels = {
  tier: 'ts',
  gemm,
  linear,
  sumRows,
  sum,
  relu,
  reluBackward,
  dropout,
  softmax,
  softmaxBackward,
  batchNormTrain,
  batchNormBackward,
  channelAffine,
  conv2dForward,
  conv2dBackwardInput,
  conv2dBackwardFilter,
  binary,
  sumAlong,
  adam,
};
