// The `site-miscalibrated` judgement of evaluateCrossSite (internal; thresholds in docs/findings.md).
import type { Finding } from '../checks/finding.js';

/** Thresholds of the `site-miscalibrated` finding, as ratios away from 1. */
export interface MiscalibrationThresholds {
  /**
   * O:E or slope beyond [1/warn, warn] with its CI excluding 1 → warning. Default 1.25
   * (O:E outside 0.80–1.25: the average risk is off by a fifth or more).
   */
  warn?: number;
  /** Beyond [1/critical, critical] with its CI excluding 1 → critical. Default 1.5. */
  critical?: number;
}

/** The advice that ends a `site-miscalibrated` message. */
export const RECALIBRATE_ADVICE = 'Recalibrate locally (clinreg update) before using these risks.';

/** The calibration numbers the judgement reads. */
export interface CalibrationEstimate {
  oe: number | null;
  oeCi: readonly [number, number] | null;
  slope: number | null;
  slopeCi: readonly [number, number] | null;
}

/**
 * Judge O:E and slope: a measure counts when its CI excludes 1 AND the estimate is beyond the
 * warn ratio (|ln x| ≥ ln warn; a slope ≤ 0 counts as beyond critical). Severity is the larger of
 * the two. Returns null when calibration is acceptable or not estimable.
 */
export function miscalibrationFinding(
  label: string,
  est: CalibrationEstimate,
  thresholds: MiscalibrationThresholds,
  scope: 'site' | 'pooled',
): Finding | null {
  const warn = thresholds.warn ?? 1.25;
  const critical = thresholds.critical ?? 1.5;
  const judge = (x: number | null, ci: readonly [number, number] | null): 0 | 1 | 2 => {
    if (x === null || ci === null || (ci[0] <= 1 && ci[1] >= 1)) return 0;
    if (!(x > 0)) return 2;
    const m = Math.abs(Math.log(x));
    return m >= Math.log(critical) ? 2 : m >= Math.log(warn) ? 1 : 0;
  };
  const oeLevel = judge(est.oe, est.oeCi);
  const slopeLevel = judge(est.slope, est.slopeCi);
  const level = Math.max(oeLevel, slopeLevel);
  if (level === 0) return null;
  const parts: string[] = [];
  const f = (x: number): string => x.toFixed(2);
  if (oeLevel > 0) {
    parts.push(`O:E ${f(est.oe!)} (CI ${f(est.oeCi![0])}–${f(est.oeCi![1])}): risks ${est.oe! > 1 ? 'underestimated' : 'overestimated'} on average`);
  }
  if (slopeLevel > 0) {
    parts.push(`calibration slope ${f(est.slope!)} (CI ${f(est.slopeCi![0])}–${f(est.slopeCi![1])}): predictions ${est.slope! < 1 ? 'too extreme' : 'too moderate'}`);
  }
  const where = scope === 'pooled' ? `${label} (random-effects summary across sites)` : label;
  return {
    code: 'site-miscalibrated',
    severity: level === 2 ? 'critical' : 'warning',
    ...(scope === 'site' ? { site: label } : {}),
    message: `${where}: ${parts.join('; ')}. ${RECALIBRATE_ADVICE}`,
    details: { scope, oe: est.oe, oeCi: est.oeCi, slope: est.slope, slopeCi: est.slopeCi, warn, critical },
  };
}
