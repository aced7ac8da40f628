// Node-only helpers of the tier loader, imported dynamically so that a browser bundle of
// clinreg never needs node: modules (it falls back to the TypeScript kernels there).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { packageRoot } from '../package-root.js';

/** The package root (src/, dist/ or the CLI bundle alike). */
const root = packageRoot();

/** Where `scripts/build-kernels.mjs` puts the native addon. */
export const nativePath = join(root, 'build', 'native', 'clinreg.node');
/** Where it puts the wasm kernels (SIMD and relaxed-SIMD variants). */
export const wasmSimdPath = join(root, 'build', 'wasm', 'kernels-simd.wasm');
export const wasmRelaxedPath = join(root, 'build', 'wasm', 'kernels-relaxed.wasm');

/** Whether a file exists. */
export function exists(path: string): boolean {
  return existsSync(path);
}

/** Loads a native addon (throws what `require` throws). */
export function requireAddon(path: string): unknown {
  return createRequire(import.meta.url)(path);
}

/** A file's bytes. */
export function readBytes(path: string): Uint8Array {
  return readFileSync(path);
}

/**
 * Turns on relaxed SIMD in V8 (shipped by default from V8 11.4; Node 20's V8 11.3 has it behind
 * this flag). Only affects modules compiled afterwards.
 */
export function enableRelaxedSimd(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/** CPU feature flags relevant to the kernels, from /proc/cpuinfo (Linux; [] elsewhere). */
export function cpuFlagsFromProc(): string[] {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const line = text.split('\n').find((l) => l.startsWith('flags') || l.startsWith('Features'));
    if (line === undefined) return [];
    const wanted = new Set(['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl', 'avx512_vnni', 'asimd', 'neon']);
    return line
      .split(':')[1]!
      .trim()
      .split(/\s+/)
      .filter((f) => wanted.has(f));
  } catch {
    return [];
  }
}
