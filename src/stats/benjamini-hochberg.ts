import { ValueError } from '../errors.js';

/**
 * Benjamini–Hochberg adjusted p-values (false discovery rate; Benjamini Y., Hochberg Y. (1995)
 * J. R. Stat. Soc. B 57:289–300): with the m p-values sorted ascending,
 * p̃₍ᵢ₎ = min_{j ≥ i} min(1, m · p₍ⱼ₎ / j). Rejecting p̃ ≤ α controls the FDR at α for independent
 * (or positively dependent) tests. Same values as R's `p.adjust(p, "BH")` and statsmodels'
 * `fdrcorrection`. NaN entries are kept as NaN and not counted in m.
 * @param pvalues p-values in [0, 1] (NaN allowed).
 * @returns adjusted p-values, same order as the input.
 * @throws ValueError when a p-value is outside [0, 1].
 * @example
 * checks.benjaminiHochberg([0.01, 0.04, 0.03, 0.2]); // [0.04, 0.0533, 0.0533, 0.2]
 */
export function benjaminiHochberg(pvalues: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pvalues.length).fill(NaN);
  const idx: number[] = [];
  for (let i = 0; i < pvalues.length; i++) {
    const p = pvalues[i]!;
    if (Number.isNaN(p)) continue;
    if (!(p >= 0 && p <= 1)) {
      throw new ValueError(`benjaminiHochberg: p-values must be in [0, 1]. Received: pvalues[${i}]=${p}.`);
    }
    idx.push(i);
  }
  idx.sort((a, b) => pvalues[a]! - pvalues[b]!);
  const m = idx.length;
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = idx[k]!;
    running = Math.min(running, (m * pvalues[i]!) / (k + 1));
    out[i] = running;
  }
  return out;
}
