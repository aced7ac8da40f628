/**
 * Copy `n` floats from `src[from…]` to `dst[at…]`. A plain loop beats `set(subarray)` for short
 * runs (no view object per run); long runs take the memcpy path.
 */
export function copyRun(dst: Float32Array, at: number, src: Float32Array, from: number, n: number): void {
  if (n < 64) for (let j = 0; j < n; j++) dst[at + j] = src[from + j]!;
  else dst.set(src.subarray(from, from + n), at);
}
