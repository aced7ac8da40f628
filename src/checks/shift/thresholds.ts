import { ValueError } from '../../errors.js';

/** Thresholds of the shift diagnosis; every field has a documented default (see docs/findings.md). */
export interface ShiftThresholds {
  /** False-discovery rate for the Benjamini–Hochberg-adjusted p-values of every test. Default 0.05. */
  alpha: number;
  /** `feature-shift` warning from this PSI (with adjusted p ≤ alpha). Default 0.1. */
  psiWarning: number;
  /**
   * `feature-shift` critical needs PSI ≥ this AND distributions that overlap by less than half:
   * distance ≥ distanceCritical (numeric also |SMD| ≥ smdCritical). Default 0.25.
   */
  psiCritical: number;
  /** `feature-shift` critical (numeric) needs |standardised mean difference| ≥ this. Default 0.5. */
  smdCritical: number;
  /**
   * `feature-shift` critical needs the distance between the site's distribution and the others' ≥
   * this: numeric the KS D (two normals 1.35 SD apart have D = 0.5), categorical the total variation
   * distance of the level shares. 0.5: they overlap by less than half. Default 0.5.
   */
  distanceCritical: number;
  /** `missingness-shift` warning from this absolute difference in missing rate (with adjusted p ≤ alpha). Default 0.1. */
  missingWarning: number;
  /** `missingness-shift` critical needs this absolute difference in missing rate… Default 0.3. */
  missingCritical: number;
  /**
   * …and Cohen's h = |2·asin√p₁ − 2·asin√p₂| ≥ this: the feature is recorded on one side and
   * essentially absent on the other (e.g. 2% vs 88% missing). Default 2.
   */
  missingHCritical: number;
  /**
   * `constant-at-site` warning when the chance that the site's n values would all equal its one value,
   * drawn from the other sites' distribution (p_v^n), is below this. Default 1e-3.
   */
  constantWarning: number;
  /** `constant-at-site` critical below this chance. Default 1e-9. */
  constantCritical: number;
  /** `site-separable` warning when the domain classifier's AUC exceeds this. Default 0.8. */
  domainAucWarning: number;
  /** `site-separable` critical above this AUC. Default 0.9. */
  domainAucCritical: number;
  /** Fewest non-missing values per group for a distribution test and PSI. Default 5. */
  minRows: number;
  /** Number of reference-quantile bins of PSI. Default 10. */
  bins: number;
}

/** Defaults of {@link ShiftThresholds}. */
export const DEFAULT_SHIFT_THRESHOLDS: Readonly<ShiftThresholds> = Object.freeze({
  alpha: 0.05,
  psiWarning: 0.1,
  psiCritical: 0.25,
  smdCritical: 0.5,
  distanceCritical: 0.5,
  missingWarning: 0.1,
  missingCritical: 0.3,
  missingHCritical: 2,
  constantWarning: 1e-3,
  constantCritical: 1e-9,
  domainAucWarning: 0.8,
  domainAucCritical: 0.9,
  minRows: 5,
  bins: 10,
});

/** Names of the thresholds (the option keys detectShift takes besides its own). */
export const SHIFT_THRESHOLD_KEYS: readonly (keyof ShiftThresholds)[] = Object.keys(DEFAULT_SHIFT_THRESHOLDS) as (keyof ShiftThresholds)[];

/** Merge caller thresholds over the defaults and validate them. */
export function shiftThresholds(who: string, given: Partial<ShiftThresholds>): ShiftThresholds {
  const t: ShiftThresholds = { ...DEFAULT_SHIFT_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_SHIFT_THRESHOLDS) as (keyof ShiftThresholds)[]) {
    const v = given[key];
    if (v !== undefined) t[key] = v;
  }
  const check = (name: keyof ShiftThresholds, ok: (v: number) => boolean, expected: string): void => {
    const v = t[name];
    if (typeof v !== 'number' || !ok(v)) throw new ValueError(`${who}: ${name} must be ${expected}. Received: ${name}=${String(v)}.`);
  };
  const prob = (v: number): boolean => v > 0 && v < 1;
  check('alpha', prob, 'in (0, 1)');
  check('psiWarning', (v) => v >= 0, '≥ 0');
  check('psiCritical', (v) => v >= t.psiWarning, `≥ psiWarning (${t.psiWarning})`);
  check('smdCritical', (v) => v >= 0, '≥ 0');
  check('distanceCritical', (v) => v >= 0 && v <= 1, 'in [0, 1]');
  check('missingHCritical', (v) => v >= 0 && v <= Math.PI, 'in [0, π]');
  check('missingWarning', (v) => v >= 0 && v <= 1, 'in [0, 1]');
  check('missingCritical', (v) => v >= t.missingWarning && v <= 1, `in [missingWarning, 1]`);
  check('constantWarning', prob, 'in (0, 1)');
  check('constantCritical', (v) => v > 0 && v <= t.constantWarning, `in (0, constantWarning]`);
  check('domainAucWarning', (v) => v >= 0.5 && v <= 1, 'in [0.5, 1]');
  check('domainAucCritical', (v) => v >= t.domainAucWarning && v <= 1, 'in [domainAucWarning, 1]');
  check('minRows', (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
  check('bins', (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2');
  return t;
}
