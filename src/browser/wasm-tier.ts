import { setKernels } from '../kernels/kernels.js';
import { wasmApi } from '../kernels/wasm-api.js';
import { wasmKernels } from '../kernels/wasm-kernels.js';

/** Which kernel tier a browser page runs on, and why. */
export interface BrowserTier {
  tier: 'wasm' | 'ts';
  reason: string;
}

/**
 * Run the engine on the wasm SIMD kernels compiled from `bytes` (build/wasm/kernels-simd.wasm),
 * or stay on the TypeScript kernels when this browser has no WebAssembly, cannot compile the
 * module (no SIMD, or a Content-Security-Policy without 'wasm-unsafe-eval'), or `bytes` is null.
 * The TypeScript tier gives the same numbers to float32 rounding.
 * @param bytes the wasm module, or null for the TypeScript tier.
 * @returns the tier now in use and the reason.
 * @example const { tier } = useWasmKernels(wasmBytes);
 */
export function useWasmKernels(bytes: Uint8Array | null): BrowserTier {
  if (bytes === null) return { tier: 'ts', reason: 'no wasm module given' };
  if (wasmApi === null) return { tier: 'ts', reason: 'WebAssembly is not available in this browser' };
  try {
    if (!wasmApi.validate(bytes)) return { tier: 'ts', reason: 'this browser cannot run the wasm SIMD module' };
    setKernels(wasmKernels(new wasmApi.Module(bytes)));
    return { tier: 'wasm', reason: 'wasm SIMD kernels compiled' };
  } catch (e) {
    return { tier: 'ts', reason: `wasm kernels did not load (${(e as Error).message.split('\n')[0]})` };
  }
}
