import { ValueError } from '../../errors.js';
import { checkOptions } from '../../option-keys.js';

/** Thresholds of the leakage audit; every field has a documented default (see docs/findings.md). */
export interface LeakageThresholds {
  /** `target-proxy` is a warning when max(AUC, 1 − AUC) of one feature reaches this. Default 0.85. */
  proxyWarning: number;
  /** `target-proxy` is critical from here. Default 0.95. */
  proxyCritical: number;
  /** `duplicate-rows` is critical when at least this fraction of test rows has a copy in training. Default 0.05. */
  duplicateCritical: number;
  /** `preprocessing-fit-on-all`: |mean|, |sd − 1|, |min|, |max − 1| at most this count as "exactly scaled". Default 1e-4. */
  scaleTolerance: number;
  /** Fewest non-missing rows for `id-like-feature`, and fewest rows per class for `target-proxy`. Default 20. */
  minRows: number;
  /** Fewest rows over which a feature with a distinct value in every row is critical `id-like-feature` on its own. Default 100. */
  idCriticalRows: number;
}

/** Defaults of {@link LeakageThresholds}. */
export const DEFAULT_LEAKAGE_THRESHOLDS: Readonly<LeakageThresholds> = Object.freeze({
  proxyWarning: 0.85,
  proxyCritical: 0.95,
  duplicateCritical: 0.05,
  scaleTolerance: 1e-4,
  minRows: 20,
  idCriticalRows: 100,
});

/** Merge caller thresholds over the defaults and validate them. */
export function leakageThresholds(who: string, given: Partial<LeakageThresholds> | undefined): LeakageThresholds {
  checkOptions(`${who}: thresholds`, given, Object.keys(DEFAULT_LEAKAGE_THRESHOLDS));
  const t: LeakageThresholds = { ...DEFAULT_LEAKAGE_THRESHOLDS, ...(given ?? {}) };
  const inRange = (name: keyof LeakageThresholds, lo: number, hi: number): void => {
    const v = t[name];
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) {
      throw new ValueError(`${who}: thresholds.${name} must be a number in [${lo}, ${hi}]. Received: ${String(v)}.`);
    }
  };
  inRange('proxyWarning', 0.5, 1);
  inRange('proxyCritical', 0.5, 1);
  inRange('duplicateCritical', 0, 1);
  inRange('scaleTolerance', 0, 1);
  inRange('minRows', 1, Number.MAX_SAFE_INTEGER);
  inRange('idCriticalRows', 1, Number.MAX_SAFE_INTEGER);
  if (t.proxyCritical < t.proxyWarning) {
    throw new ValueError(
      `${who}: thresholds.proxyCritical must be ≥ proxyWarning. Received: proxyCritical=${t.proxyCritical}, proxyWarning=${t.proxyWarning}.`,
    );
  }
  return t;
}
