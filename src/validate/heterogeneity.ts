import { ValueError } from '../errors.js';
import { normalPpf } from '../stats/normal.js';
import { studentTQuantile } from '../stats/student-t.js';

/** One study (site) estimate on the analysis scale with its variance. */
export interface StudyEstimate {
  label: string;
  estimate: number;
  variance: number;
}

/** Result of a DerSimonian–Laird random-effects meta-analysis. */
export interface RandomEffectsResult {
  /** Number of studies pooled. */
  k: number;
  /** Random-effects pooled estimate and its standard error (analysis scale). */
  estimate: number;
  se: number;
  /** 95% (or `level`) confidence interval of the pooled estimate (normal). */
  ci: [number, number];
  /** Between-study variance τ² (DerSimonian–Laird moment estimator, truncated at 0). */
  tau2: number;
  /** Cochran's Q, its degrees of freedom, and I² = max(0, (Q − df)/Q) in [0, 1]. */
  q: number;
  df: number;
  i2: number;
  /**
   * Prediction interval for the effect in a new study (Higgins, Thompson & Spiegelhalter 2009):
   * estimate ± t_{k−2} · √(τ² + se²); null with fewer than 3 studies.
   */
  predictionInterval: [number, number] | null;
}

/**
 * DerSimonian–Laird random-effects meta-analysis (DerSimonian & Laird, 1986).
 * Fixed-effect weights wᵢ = 1/vᵢ; Q = Σwᵢ(θᵢ − θ_FE)²; τ² = max(0, (Q − (k−1)) / (Σw − Σw²/Σw));
 * random-effects weights 1/(vᵢ + τ²).
 * @param studies at least 2 estimates with positive finite variances.
 * @param options.level confidence level of the intervals. Default 0.95.
 * @throws ValueError for fewer than 2 studies or a non-positive variance.
 * @example randomEffectsMeta([{label: 'a', estimate: 1, variance: 0.1}, {label: 'b', estimate: 1.5, variance: 0.2}]);
 */
export function randomEffectsMeta(studies: readonly StudyEstimate[], options: { level?: number } = {}): RandomEffectsResult {
  const level = options.level ?? 0.95;
  if (studies.length < 2) throw new ValueError(`randomEffectsMeta: needs at least 2 studies. Received: ${studies.length}.`);
  for (const s of studies) {
    if (!(s.variance > 0) || !Number.isFinite(s.variance) || !Number.isFinite(s.estimate)) {
      throw new ValueError(`randomEffectsMeta: study '${s.label}' needs a finite estimate and a positive finite variance. Received: estimate=${s.estimate}, variance=${s.variance}.`);
    }
  }
  const k = studies.length;
  let sw = 0;
  let sw2 = 0;
  let swy = 0;
  for (const s of studies) {
    const w = 1 / s.variance;
    sw += w;
    sw2 += w * w;
    swy += w * s.estimate;
  }
  const fixed = swy / sw;
  let q = 0;
  for (const s of studies) q += (s.estimate - fixed) ** 2 / s.variance;
  const df = k - 1;
  const c = sw - sw2 / sw;
  const tau2 = Math.max(0, (q - df) / c);
  let swr = 0;
  let swry = 0;
  for (const s of studies) {
    const w = 1 / (s.variance + tau2);
    swr += w;
    swry += w * s.estimate;
  }
  const estimate = swry / swr;
  const se = Math.sqrt(1 / swr);
  const z = normalPpf(0.5 + level / 2);
  const i2 = q > 0 ? Math.max(0, (q - df) / q) : 0;
  let predictionInterval: [number, number] | null = null;
  if (k >= 3) {
    const t = studentTQuantile(0.5 + level / 2, k - 2);
    const half = t * Math.sqrt(tau2 + se * se);
    predictionInterval = [estimate - half, estimate + half];
  }
  return { k, estimate, se, ci: [estimate - z * se, estimate + z * se], tau2, q, df, i2, predictionInterval };
}

