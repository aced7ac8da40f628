import { ValueError } from '../../errors.js';
import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { indexSites, requireColumns } from '../columns.js';
import { benjaminiHochberg } from '../../stats/benjamini-hochberg.js';
import { domainClassifier, type DomainClassifierOptions, type DomainSite } from './domain-classifier.js';
import { analyseFeature, type ConstantAtSite, type FeatureShift } from './feature-shift.js';
import { MIN_SITE_ROWS, poolSmallSites } from '../small-sites.js';
import { constantFindings, featureShiftFindings, missingnessFindings, separableFindings, siteLevelFindings, smallSitesFinding } from './shift-findings.js';
import { siteLevelFeatures } from './site-level.js';
import { idColumnFindings } from './id-columns.js';
import { SHIFT_THRESHOLD_KEYS, shiftThresholds, type ShiftThresholds } from './thresholds.js';
import { checkOptions } from '../../option-keys.js';
import { DOMAIN_CLASSIFIER_KEYS } from './domain-classifier.js';

/** Options of {@link detectShift}: any {@link ShiftThresholds} field, plus the ones below. */
export interface DetectShiftOptions extends Partial<ShiftThresholds> {
  /** Site column. Default: the schema's `site`. */
  site?: string;
  /**
   * Also compare every pair of sites (feeds `features` and `siteMatrix`). Default: true with at most
   * `maxPairwiseSites` sites (after pooling), false above (the pairs grow as N²).
   */
  pairwise?: boolean;
  /** Default of `pairwise`: compare pairs only up to this many sites. Default 30. */
  maxPairwiseSites?: number;
  /**
   * Sites with fewer rows are pooled into one group, `small sites (n<20)`, reported once as a
   * `small-sites-pooled` finding. Default 20.
   */
  minSiteRows?: number;
  /** Domain-classifier options, or false to skip it (no `site-separable`, `domainAuc` null). Default {}. */
  domainClassifier?: false | Omit<DomainClassifierOptions, 'site'>;
  /**
   * Compare features that identify rows too (critical `id-like-feature` in the leakage audit: an id
   * numbered per hospital, a row counter). Default false: each is left out of every comparison and
   * the domain classifier, and said in an `id-like-feature` warning.
   */
  compareIdColumns?: boolean;
}

const OWN_KEYS = {
  site: true,
  pairwise: true,
  maxPairwiseSites: true,
  minSiteRows: true,
  domainClassifier: true,
  compareIdColumns: true,
} as const satisfies Record<Exclude<keyof Required<DetectShiftOptions>, keyof ShiftThresholds>, true>;

/** N × N summary of pairwise shift between sites. */
export interface SiteMatrix {
  sites: string[];
  /** values[i][j] = values[j][i]: mean PSI over the features compared for that pair (diagonal 0). */
  values: number[][];
  statistic: 'mean-psi';
}

/** Result of {@link detectShift}. */
export interface ShiftReport {
  findings: Finding[];
  /** Per feature: per-site summaries and every comparison with its statistics. */
  features: FeatureShift[];
  siteMatrix: SiteMatrix;
  /** Per-site domain-classifier AUCs, or null when the classifier was skipped. */
  domainAuc: DomainSite[] | null;
  /** Sites pooled into the `small sites (n<…)` group (empty when none). */
  pooledSites: string[];
  /** Sites the domain classifier left out (fewer than 2 rows), when any: said, never dropped silently. */
  domainSkippedSites?: string[];
}

function adjustAll(features: FeatureShift[]): void {
  const ps: number[] = [];
  for (const f of features) for (const c of f.comparisons) ps.push(c.pValue, c.missingPValue);
  const adj = benjaminiHochberg(ps);
  let k = 0;
  for (const f of features) {
    for (const c of f.comparisons) {
      c.pAdjusted = adj[k++]!;
      c.missingPAdjusted = adj[k++]!;
    }
  }
}

function siteMatrix(names: string[], features: FeatureShift[]): SiteMatrix {
  const k = names.length;
  const sum = Array.from({ length: k }, () => new Float64Array(k));
  const cnt = Array.from({ length: k }, () => new Float64Array(k));
  const idx = new Map(names.map((n, i) => [n, i]));
  for (const f of features) {
    for (const c of f.comparisons) {
      if (c.against === 'rest' || Number.isNaN(c.psi)) continue;
      const i = idx.get(c.against)!;
      const j = idx.get(c.site)!;
      sum[i]![j]! += c.psi;
      cnt[i]![j]! += 1;
    }
  }
  const values = names.map((_, i) =>
    names.map((__, j) => {
      if (i === j) return 0;
      const [a, b] = i < j ? [i, j] : [j, i];
      return cnt[a]![b]! > 0 ? sum[a]![b]! / cnt[a]![b]! : NaN;
    }),
  );
  return { sites: names, values, statistic: 'mean-psi' };
}

/**
 * Diagnose distribution shift between N sites. For every feature and site, against the other sites
 * (and, for `features`/`siteMatrix`, every pair of sites): numeric features get the two-sample
 * Kolmogorov–Smirnov test (scipy's p-value), Wasserstein-1 distance in pooled-sd units, PSI with
 * reference-quantile bins and the standardised mean difference; categorical features get
 * Pearson's χ² (Yates at 1 dof), PSI over levels and Cramér's V; missing rates get a 2 × 2 χ².
 * Every p-value (distribution and missingness, one-vs-rest and pairwise) enters one
 * Benjamini–Hochberg adjustment. A domain classifier (see {@link domainClassifier}) measures
 * multivariate separability. Findings need significance AND effect size, so a large site's
 * trivial differences are not reported, and severity follows the effect size, so that ordinary
 * case-mix differences are warnings (docs/findings.md):
 *
 * | code | critical | warning | fires when (site vs the other sites) |
 * |---|---|---|---|
 * | `feature-shift` | PSI ≥ 0.25 and the distributions overlap by less than half: numeric KS D ≥ 0.5 and \|SMD\| ≥ 0.5, categorical total variation distance ≥ 0.5 | PSI ≥ 0.1 | adjusted p ≤ alpha (0.05) |
 * | `missingness-shift` | \|Δ\| ≥ 0.3 and Cohen's h ≥ 2 (recorded on one side, essentially absent on the other) | \|Δ\| ≥ 0.1 | adjusted p ≤ alpha |
 * | `constant-at-site` | chance < 1e-9 | chance < 1e-3 | one value in all (≥ 2) non-missing rows of the site, several elsewhere; chance = (its share elsewhere)^n |
 * | `site-separable` | AUC > 0.9 | AUC > 0.8 | domain-classifier out-of-fold AUC |
 * | `id-like-feature` | — | warning | the leakage audit's critical `id-like-feature` (unique per row or within each site over ≥ 100 rows, or also monotone): left out of every comparison and the domain classifier unless `compareIdColumns` |
 * | `site-level-feature` | — | warning | one value within each site (≥ 3 sites with ≥ 2 values), ≥ 2 values between sites: a hospital attribute; left out of the domain classifier |
 * | `small-sites-pooled` | — | every site small (info otherwise) | sites with < minSiteRows (20) rows, pooled into one group `small sites (n<20)` |
 *
 * Findings come from one-vs-rest comparisons only; pairwise results are in `features` and
 * `siteMatrix`. With exactly two sites (or groups) the two one-vs-rest comparisons are the same
 * comparison, so each finding is given once, at the smaller site, naming the other. A
 * `feature-shift` explained by a `constant-at-site` finding (same feature and site) is not repeated.
 * Rows without a site are ignored. Sorting makes it O(n log n) per feature and no per-row objects
 * are created (1,000,000 rows × 20 features × 4 sites: see bench/checks.ts); with many sites the
 * pairwise comparisons are skipped (above `maxPairwiseSites`) and small sites pooled.
 * @param table the data.
 * @param schema roles: features, categorical, site (unless `options.site`), optional patient.
 * @param options thresholds (see {@link ShiftThresholds}), `site`, `pairwise`, `domainClassifier`.
 * @returns findings, per-feature statistics, the site matrix and per-site domain AUCs.
 * @throws ValueError when there is no site column, fewer than 2 sites, or an unknown or bad option.
 * @example
 * const report = checks.detectShift(table, schema, { alpha: 0.05 });
 * report.findings.filter((f) => f.code === 'constant-at-site');
 */
export function detectShift(table: Table, schema: Schema, options: DetectShiftOptions = {}): ShiftReport {
  const who = 'detectShift';
  checkOptions(who, options, [...Object.keys(OWN_KEYS), ...SHIFT_THRESHOLD_KEYS]);
  if (options.domainClassifier !== undefined && options.domainClassifier !== false) {
    checkOptions(`${who}: domainClassifier`, options.domainClassifier, Object.keys(DOMAIN_CLASSIFIER_KEYS).filter((k) => k !== 'site'));
  }
  requireColumns(who, table, schema);
  const t = shiftThresholds(who, options);
  const site = options.site ?? schema.site;
  if (site === undefined) {
    throw new ValueError(`${who}: a site column is required. Received: none in options.site or schema.site. Fix: createSchema(table, { site: '…', … }).`);
  }
  if (schema.features.includes(site)) throw new ValueError(`${who}: the site column '${site}' must not be a feature. Fix: remove it from schema.features.`);
  const minSiteRows = options.minSiteRows ?? MIN_SITE_ROWS;
  const maxPairwiseSites = options.maxPairwiseSites ?? 30;
  if (!Number.isInteger(minSiteRows) || minSiteRows < 1) throw new ValueError(`${who}: minSiteRows must be an integer ≥ 1. Received: ${String(minSiteRows)}.`);
  if (!Number.isInteger(maxPairwiseSites) || maxPairwiseSites < 2) throw new ValueError(`${who}: maxPairwiseSites must be an integer ≥ 2. Received: ${String(maxPairwiseSites)}.`);
  const raw = indexSites(who, table, site);
  const idFound = options.compareIdColumns === true ? [] : idColumnFindings(table, { ...schema, site });
  if (idFound.length > 0) {
    const ids = new Set(idFound.map((f) => f.feature!));
    schema = { ...schema, features: schema.features.filter((f) => !ids.has(f)), categorical: schema.categorical.filter((f) => !ids.has(f)) };
  }
  const siteLevel = siteLevelFeatures(table, schema, raw);
  const { index: sites, pooled, label } = poolSmallSites(raw, minSiteRows);
  if (sites.names.length < 2) {
    // Every site is small: one pooled group, nothing to compare it with.
    return { findings: [smallSitesFinding(pooled, label, minSiteRows, false), ...idFound], features: [], siteMatrix: { sites: sites.names, values: [[0]], statistic: 'mean-psi' }, domainAuc: null, pooledSites: pooled };
  }
  const pairwise = options.pairwise ?? sites.names.length <= maxPairwiseSites;
  const features: FeatureShift[] = [];
  const constants: ConstantAtSite[] = [];
  for (const feature of schema.features) {
    const r = analyseFeature(table, schema, feature, sites, t, pairwise);
    features.push(r.shift);
    constants.push(...r.constants);
  }
  adjustAll(features);
  const sides = { names: sites.names, counts: sites.counts };
  // A site-level feature is said once; its per-site constants and shifts follow from it.
  const siteLevelNames = new Set(siteLevel.map((f) => f.feature));
  const constantFound = constantFindings(constants, t).filter((f) => !siteLevelNames.has(f.feature!));
  const explained = new Set(constantFound.map((f) => `${f.feature!}\u0000${f.site!}`));
  for (const f of features) if (siteLevelNames.has(f.feature)) for (const s of sites.names) explained.add(`${f.feature}\u0000${s}`);
  const findings = [
    ...(pooled.length > 0 ? [smallSitesFinding(pooled, label, minSiteRows, true)] : []),
    ...idFound,
    ...siteLevelFindings(siteLevel),
    ...featureShiftFindings(features, t, sides, explained),
    ...missingnessFindings(features, t, sides),
    ...constantFound,
  ];
  let domainAuc: DomainSite[] | null = null;
  let domainSkippedSites: string[] = [];
  const patientFeatures = schema.features.filter((f) => !siteLevelNames.has(f));
  if (options.domainClassifier !== false && patientFeatures.length > 0) {
    const dc = domainClassifier(table, { ...schema, features: patientFeatures, categorical: schema.categorical.filter((f) => !siteLevelNames.has(f)) }, { ...(options.domainClassifier ?? {}), site, minSiteRows });
    domainAuc = dc.sites;
    domainSkippedSites = dc.skippedSites;
    findings.push(...separableFindings(dc, t, sides));
  }
  return { findings, features, siteMatrix: siteMatrix(sites.names, features), domainAuc, pooledSites: pooled, ...(domainSkippedSites.length > 0 ? { domainSkippedSites } : {}) };
}
