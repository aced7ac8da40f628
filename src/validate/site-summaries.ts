// Random-effects summaries per measure across sites for evaluateCrossSite (internal).
import { randomEffects, type TauMethod } from './random-effects.js';

/** Measures summarised across sites. */
export type SummaryMeasure = 'auc' | 'oe' | 'citl' | 'slope';

/**
 * One random-effects summary across sites. Pooled on the analysis `scale` (logit AUC, log O:E,
 * CITL and slope as they are); `estimate`, `ci` and `predictionInterval` are reported back on the
 * measure's own scale (AUC, O:E ratio), `tau2` stays on the analysis scale.
 */
export interface CrossSiteSummary {
  measure: SummaryMeasure;
  /** 'REML' (default) or 'DL'; the interval method is in `test`. */
  method: TauMethod;
  test: 'knha' | 'z';
  scale: 'logit' | 'log' | 'identity';
  k: number;
  sites: string[];
  estimate: number;
  ci: [number, number];
  tau2: number;
  i2: number;
  /** metafor's predict(): t_{k−1} × √(se² + τ²) under 'knha', normal under 'z'. */
  predictionInterval: [number, number];
  /** Set when k < 5 (intervals unreliable). */
  warning: string | null;
}

/** A site's estimate of one measure on the analysis scale with its variance. */
export interface SiteMeasure {
  site: string;
  estimate: number;
  variance: number;
}

/** Summaries of every measure with at least 2 sites. */
export function summarise(
  perMeasure: Record<SummaryMeasure, SiteMeasure[]>,
  options: { method: TauMethod; test: 'knha' | 'z'; level: number },
): CrossSiteSummary[] {
  const out: CrossSiteSummary[] = [];
  for (const measure of ['auc', 'oe', 'citl', 'slope'] as const) {
    const rows = perMeasure[measure].filter((r) => Number.isFinite(r.estimate) && r.variance > 0 && Number.isFinite(r.variance));
    if (rows.length < 2) continue;
    const r = randomEffects(rows.map((x) => ({ label: x.site, estimate: x.estimate, variance: x.variance })), options);
    const scale = measure === 'auc' ? 'logit' : measure === 'oe' ? 'log' : 'identity';
    const back = scale === 'logit' ? (x: number): number => 1 / (1 + Math.exp(-x)) : scale === 'log' ? Math.exp : (x: number): number => x;
    out.push({
      measure,
      method: r.method,
      test: r.test,
      scale,
      k: r.k,
      sites: rows.map((x) => x.site),
      estimate: back(r.estimate),
      ci: [back(r.ci[0]), back(r.ci[1])],
      tau2: r.tau2,
      i2: r.i2,
      predictionInterval: [back(r.predictionInterval![0]), back(r.predictionInterval![1])],
      warning: r.warning,
    });
  }
  return out;
}
