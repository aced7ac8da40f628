// Entry of the clinreg wasm kernels (AssemblyScript). Memory layout is managed from JavaScript:
// everything at or above heapBase() is free for the caller's arrays.
export { gemm, gemmWorkspace, packedASize } from './gemm';
export { conv2dForward, conv2dBackwardInput, conv2dBackwardFilter } from './conv';
export { convWorkspace } from './conv-gemm';
export { winogradWorkspace, winogradWeightsSize } from './winograd';
export { winogradFilterWorkspace } from './winograd-filter';
export { relu, reluBackward, dropout, channelAffine, biasRelu } from './elementwise';
export { bnMoments, bnBackwardSums, bnBackwardDx } from './batchnorm';
export { binary, sum, sumAlong, sumRows } from './binary';
export { adam } from './adam';

/** First free byte, 64-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}
