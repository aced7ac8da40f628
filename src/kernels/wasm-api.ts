// The slice of the WebAssembly JS API the wasm tier uses, typed here because the project's
// TypeScript lib (ES2023, no DOM) does not declare the WebAssembly global.

/** A compiled module (opaque). */
export type WasmModule = object;

/** A linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The global `WebAssembly` object, as far as clinreg uses it. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

/** The runtime's WebAssembly object, or null where there is none. */
export const wasmApi: WasmApi | null = (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
