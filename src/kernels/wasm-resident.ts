// The wasm tier's resident region: a second instance of the kernel module whose memory is grown
// once to hold tensor storage (see resident-region.ts), so that elementwise kernels and sums run
// on tensors in place.
import { ResidentRegion } from './resident-region.js';
import { wasmApi, type WasmModule } from './wasm-api.js';
import type { WasmExports } from './wasm-arena.js';

/**
 * Bytes of the region for arrays. Storage of tensors that are never disposed stays taken (see
 * resident-region.ts), so this is also the most memory a program that never disposes holds
 * beyond its live tensors, once the region is full.
 */
const CAPACITY = 32 * 1024 * 1024;
/** Bytes of scratch for the operands of a call that are not resident (larger ones take the copying path). */
const SCRATCH = 4 * 1024 * 1024;
/** The largest array placed in the region: a [4096, 128] float tensor. */
const MAX_ARRAY = 2 * 1024 * 1024;

/** A region and the instance whose kernels run on it. */
export interface WasmResident {
  region: ResidentRegion;
  exp: WasmExports;
}

/** Instantiates `module` once more and grows its memory to hold the region; null when the memory cannot grow. */
export function makeWasmResident(module: WasmModule, imports: Record<string, Record<string, unknown>>): WasmResident | null {
  const exp = new wasmApi!.Instance(module, imports).exports as unknown as WasmExports;
  const scratchAt = (exp.heapBase() + 63) & ~63;
  const need = scratchAt + SCRATCH + CAPACITY - exp.memory.buffer.byteLength;
  try {
    if (need > 0) exp.memory.grow(Math.ceil(need / 65536));
  } catch {
    return null; // (RangeError: the engine refused the memory) the copying path serves every call
  }
  return { region: new ResidentRegion(exp.memory.buffer, scratchAt, SCRATCH, MAX_ARRAY), exp };
}
