// Run test code on one kernel tier, putting the active kernels back afterwards.
import { kernels as K } from '../../src/index.js';

/** `f()` with the kernels of `tier` active; the previous kernels are restored even when it throws. */
export function withTier<T>(tier: K.KernelTier, f: () => T): T {
  const previous = K.setKernels(K.loadKernels(tier));
  try {
    return f();
  } finally {
    K.setKernels(previous);
  }
}
