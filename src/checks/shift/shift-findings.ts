/**
 * Findings of the shift diagnosis from its statistics (internal to detectShift). Severity follows
 * effect size, so that ordinary case-mix differences are warnings and only differences that look
 * like another measurement, coding or recording are critical (rule in docs/findings.md).
 */
import type { Finding, Severity } from '../finding.js';
import { fmt } from '../columns.js';
import { listNames } from '../small-sites.js';
import type { DomainClassifierResult } from './domain-classifier.js';
import type { ConstantAtSite, FeatureShift, ShiftComparison } from './feature-shift.js';
import type { SiteLevelFeature } from './site-level.js';
import type { ShiftThresholds } from './thresholds.js';

/**
 * How a one-vs-rest comparison is worded, and whether it is reported: with exactly two sites
 * "A vs the rest" and "B vs the rest" are one comparison seen from both sides, so only the
 * smaller site's is kept and the message names both sites.
 */
export interface Sides {
  names: string[];
  counts: ArrayLike<number>;
}

function mirrored(sides: Sides): { keep: string; other: string } | null {
  if (sides.names.length !== 2) return null;
  const [a, b] = sides.names as [string, string];
  // The smaller site is "the odd one"; on a tie, the first seen.
  const keepA = sides.counts[0]! <= sides.counts[1]!;
  return keepA ? { keep: a, other: b } : { keep: b, other: a };
}

/** "at X … the other sites" or "between X and Y". */
function where(site: string, pair: { keep: string; other: string } | null): { at: string; elsewhere: string } {
  return pair === null ? { at: `at ${site}`, elsewhere: 'the other sites' } : { at: `at ${site}`, elsewhere: pair.other };
}

/**
 * Severity of a distribution comparison, or null when it is not reported. Reported: BH-adjusted
 * p ≤ alpha AND PSI ≥ psiWarning. Critical: PSI ≥ psiCritical AND the distributions overlap by
 * less than half (numeric: KS D ≥ distanceCritical and |SMD| ≥ smdCritical; categorical: total
 * variation distance ≥ distanceCritical).
 */
export function featureShiftSeverity(c: ShiftComparison, t: ShiftThresholds): Severity | null {
  if (!(c.pAdjusted <= t.alpha) || !(c.psi >= t.psiWarning)) return null;
  const large = c.test === 'ks' ? Math.abs(c.smd!) >= t.smdCritical && c.statistic >= t.distanceCritical : c.tvd! >= t.distanceCritical;
  return c.psi >= t.psiCritical && large ? 'critical' : 'warning';
}

/** Cohen's h of two proportions: |2·asin√p₁ − 2·asin√p₂| (0 … π). */
export function cohensH(p1: number, p2: number): number {
  return Math.abs(2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2)));
}

/** Severity of a missing-rate difference, or null when not reported. */
export function missingnessSeverity(c: ShiftComparison, t: ShiftThresholds): Severity | null {
  const diff = Math.abs(c.missingRate - c.missingRateAgainst);
  if (!(c.missingPAdjusted <= t.alpha) || !(diff >= t.missingWarning)) return null;
  return diff >= t.missingCritical && cohensH(c.missingRate, c.missingRateAgainst) >= t.missingHCritical ? 'critical' : 'warning';
}

/**
 * `feature-shift` findings (one-vs-rest only), less those explained by a `constant-at-site`
 * finding for the same feature and site (a placeholder value shifts the distribution; one finding
 * says so).
 */
export function featureShiftFindings(features: FeatureShift[], t: ShiftThresholds, sides: Sides, constants: ReadonlySet<string>): Finding[] {
  const pair = mirrored(sides);
  const out: Finding[] = [];
  for (const f of features) {
    for (const c of f.comparisons) {
      if (c.against !== 'rest' || (pair !== null && c.site !== pair.keep) || constants.has(`${f.feature}\u0000${c.site}`)) continue;
      const severity = featureShiftSeverity(c, t);
      if (severity === null) continue;
      const w = where(c.site, pair);
      const test = c.test === 'ks' ? `SMD ${fmt(c.smd!)}, KS D ${fmt(c.statistic)}` : `level shares differ by ${fmt(c.tvd!)} (TVD), Cramér's V ${fmt(c.cramersV!)}`;
      const meaning =
        severity === 'critical'
          ? 'the distributions barely overlap: check units, coding or recording at this site'
          : 'a case-mix difference; the per-site validation shows whether the model transfers';
      out.push({
        code: 'feature-shift',
        severity,
        feature: f.feature,
        site: c.site,
        message: `'${f.feature}' ${w.at} differs from ${w.elsewhere} (PSI ${fmt(c.psi)}, ${test}, adjusted p ${fmt(c.pAdjusted)}): ${meaning}.`,
        details: { ...c, ...(pair !== null ? { comparedWith: pair.other } : {}) },
      });
    }
  }
  return out;
}

/** `missingness-shift` findings (one-vs-rest only, one side of a two-site comparison). */
export function missingnessFindings(features: FeatureShift[], t: ShiftThresholds, sides: Sides): Finding[] {
  const pair = mirrored(sides);
  const out: Finding[] = [];
  for (const f of features) {
    for (const c of f.comparisons) {
      if (c.against !== 'rest' || (pair !== null && c.site !== pair.keep)) continue;
      const severity = missingnessSeverity(c, t);
      if (severity === null) continue;
      const w = where(c.site, pair);
      const h = cohensH(c.missingRate, c.missingRateAgainst);
      const meaning = severity === 'critical' ? 'the feature is essentially not recorded on one side, so missingness alone identifies the site' : 'missingness differs and can help identify the site';
      out.push({
        code: 'missingness-shift',
        severity,
        feature: f.feature,
        site: c.site,
        message: `'${f.feature}' is missing in ${fmt(100 * c.missingRate)}% of rows ${w.at} vs ${fmt(100 * c.missingRateAgainst)}% at ${w.elsewhere} (adjusted p ${fmt(c.missingPAdjusted)}): ${meaning}.`,
        details: {
          missingRate: c.missingRate,
          missingRateElsewhere: c.missingRateAgainst,
          difference: c.missingRate - c.missingRateAgainst,
          cohensH: h,
          pValue: c.missingPValue,
          pAdjusted: c.missingPAdjusted,
          ...(pair !== null ? { comparedWith: pair.other } : {}),
        },
      });
    }
  }
  return out;
}

/** `constant-at-site` findings: a placeholder or recording default (critical when chance < constantCritical). */
export function constantFindings(constants: ConstantAtSite[], t: ShiftThresholds): Finding[] {
  return constants
    .filter((c) => c.chance < t.constantWarning)
    .map((c) => ({
      code: 'constant-at-site' as const,
      severity: c.chance < t.constantCritical ? ('critical' as const) : ('warning' as const),
      feature: c.feature,
      site: c.site,
      message: `'${c.feature}' is ${c.value} in all ${c.n} non-missing rows at ${c.site} but varies at the other sites (${fmt(100 * c.shareElsewhere)}% of their values are ${c.value}): a placeholder or a recording default, not a measurement. Treat it as missing there.`,
      details: { value: c.value, n: c.n, shareElsewhere: c.shareElsewhere, chance: c.chance },
    }));
}

/** `site-separable` findings from the domain classifier (one for a two-site table). */
export function separableFindings(dc: DomainClassifierResult, t: ShiftThresholds, sides: Sides): Finding[] {
  const pair = mirrored(sides);
  const out: Finding[] = [];
  for (const s of dc.sites) {
    if (!(s.auc > t.domainAucWarning) || (pair !== null && s.site !== pair.keep)) continue;
    const who = pair !== null ? `${pair.keep} and ${pair.other} apart` : `${s.site} from the other sites`;
    out.push({
      code: 'site-separable',
      severity: s.auc > t.domainAucCritical ? 'critical' : 'warning',
      site: s.site,
      message: `A model tells ${who} with AUC ${fmt(s.auc)} (${dc.cv}, ${dc.nSplits} folds): its patients or its recording differ, and a model can learn hospital shortcuts.`,
      details: { auc: s.auc, cv: dc.cv, nSplits: dc.nSplits, rowsUsed: s.rowsUsed, ...(pair !== null ? { comparedWith: pair.other } : {}) },
    });
  }
  return out;
}

/** The one finding that lists the sites pooled (or skipped) for being small. */
export function smallSitesFinding(pooled: string[], label: string, min: number, assessed: boolean): Finding {
  const what = assessed
    ? `pooled into one group, '${label}', for the per-site statistics and the domain classifier`
    : 'pooled into one group; no site has enough rows on its own, so per-site shift was not assessed';
  return {
    code: 'small-sites-pooled',
    severity: assessed ? 'info' : 'warning',
    site: label,
    message: `${pooled.length} site${pooled.length === 1 ? ' has' : 's have'} fewer than ${min} rows (${listNames(pooled)}): ${what}.`,
    details: { sites: pooled, minSiteRows: min, label },
  };
}

/** `site-level-feature` (warning): a feature constant within every site that differs between sites. */
export function siteLevelFindings(features: readonly SiteLevelFeature[]): Finding[] {
  return features.map((f) => ({
    code: 'site-level-feature' as const,
    severity: 'warning' as const,
    feature: f.feature,
    message: `'${f.feature}' has one value within each of ${f.sites} sites (${f.values} values between them, e.g. ${f.examples.map((e) => `${e.site} ${e.value}`).join(', ')}): it describes the hospital, not the patient. A model can use it as a hospital shortcut, and it says nothing within a hospital. Leave it out (CLI: --exclude ${f.feature}) unless it is meant as a hospital-level predictor; the domain classifier leaves it out.`,
    details: { values: f.values, sites: f.sites, examples: f.examples },
  }));
}
