// numpy's default (method="linear") percentile, reproduced operation for operation so that
// quantile bin edges equal numpy's bit for bit. Internal.

/**
 * `numpy.percentile(values, q)` for values already sorted ascending and q in [0, 100].
 * Hyndman & Fan type 7: virtual index (n − 1)·q/100, then numpy's `_lerp`.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * (q / 100);
  if (virtual >= n - 1) return sorted[n - 1] as number;
  if (virtual < 0) return sorted[0] as number;
  const prev = Math.floor(virtual);
  const gamma = virtual - prev;
  const a = sorted[prev] as number;
  const b = sorted[prev + 1] as number;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** `numpy.linspace(0, 1, num)`: i·(1/(num − 1)), with the last point exactly 1. */
export function linspace01(num: number): Float64Array {
  const out = new Float64Array(num);
  const step = 1 / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step;
  out[num - 1] = 1;
  return out;
}
