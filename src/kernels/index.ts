// Public exports of kernels/: the kernel interface and its tiers, tier selection and diagnostics.
export { kernels, setKernels } from './kernels.js';
export type { Kernels, KernelTier, ConvGeometry, AdamStep, StridedOperand } from './kernels.js';
export { loadKernels, availableTiers } from './select.js';
export { kernelInfo, tierNotice } from './doctor.js';
export type { KernelInfo } from './doctor.js';
export { setNumThreads, getNumThreads, setNativeIsa } from './native-control.js';
