import { ValueError } from '../../errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { rocAucScore } from '../../metrics/roc-auc.js';
import { GroupKFold } from '../../model-selection/group-kfold.js';
import { StratifiedKFold } from '../../model-selection/stratified-kfold.js';
import { Generator } from '../../stats/random.js';
import { indexSites, requireColumns, type SiteIndex } from '../columns.js';
import { MIN_SITE_ROWS, poolSmallSites } from '../small-sites.js';
import { checkOptions } from '../../option-keys.js';
import { buildDesign, standardiseDesign } from './design.js';
import { drawFeatureHash } from './feature-hashing.js';
import { decisionFunction, fitLogisticL2 } from './logistic-regression.js';

/** Options of {@link domainClassifier}. */
export interface DomainClassifierOptions {
  /** Site column. Default: the schema's `site`. */
  site?: string;
  /** Number of cross-validation folds; lowered (to ≥ 2) when a site or the patients are fewer. Default 5. */
  nSplits?: number;
  /**
   * Sites with fewer rows are pooled into one group, `small sites (n<20)`; a group that still has
   * fewer than 2 rows is left out (`skippedSites`). Default 20.
   */
  minSiteRows?: number;
  /** L2 penalty λ on the weights (scikit-learn C = 1/λ). Default 1. */
  l2?: number;
  /** Rows sampled per site (at random, seeded) to bound the cost on large tables. Default 2500. */
  maxRowsPerSite?: number;
  /**
   * Rows of the other sites each site's classifier trains on at most, per fold: all its own
   * training rows and this many of the others' (the fold's training rows in one seeded random
   * order, shared by the sites). Sampling the rest changes a logistic model's intercept, not the
   * ranking of its scores, and every held-out row is still scored; it bounds the cost of many
   * sites (400 sites × 250 rows: k fits of 80,000 rows per fold, 411 s) at sites × this. Default 5000.
   */
  maxOtherRows?: number;
  /** One-hot columns kept per categorical feature (most frequent levels; the rest share one). Default 20. */
  maxLevels?: number;
  /**
   * Design columns the model is fitted on at most. A wider design (many features, missing
   * indicators, one-hot levels) is feature-hashed to this many columns (seeded random signs;
   * inner products between rows preserved in expectation), so a fit costs rows × maxColumns²
   * instead of rows × columns². Default 128.
   */
  maxColumns?: number;
  /** Seed of the row sample, of the shuffled stratified folds and of the feature hash. Default 0. */
  seed?: number;
}

/** Option names of {@link DomainClassifierOptions}. */
export const DOMAIN_CLASSIFIER_KEYS = {
  site: true,
  nSplits: true,
  minSiteRows: true,
  l2: true,
  maxRowsPerSite: true,
  maxOtherRows: true,
  maxLevels: true,
  maxColumns: true,
  seed: true,
} as const satisfies Record<keyof Required<DomainClassifierOptions>, true>;

/** Cross-validated separability of one site from the others. */
export interface DomainSite {
  site: string;
  /** Out-of-fold ROC AUC of "this site" vs "another site" (0.5: indistinguishable). */
  auc: number;
  /** Rows of the site, and rows of it in the (sampled) evaluation. */
  rows: number;
  rowsUsed: number;
}

/** Result of {@link domainClassifier}. */
export interface DomainClassifierResult {
  sites: DomainSite[];
  /** 'group-kfold' (groups = patient ids) when the schema has a patient column, else 'stratified-kfold' (by site, shuffled). */
  cv: 'group-kfold' | 'stratified-kfold';
  /** Folds used: `nSplits`, lowered to the smallest group's rows (or the number of patients) when fewer. */
  nSplits: number;
  /** Sites pooled into the `small sites (n<…)` group. */
  pooledSites: string[];
  /** Sites left out because even pooled they had fewer than 2 rows. */
  skippedSites: string[];
  /** Columns of the model's design matrix (standardised features, missing indicators, one-hot levels). */
  designColumns: number;
  /** Columns the model was fitted on: `designColumns`, or `maxColumns` when the design was feature-hashed. */
  modelColumns: number;
  rowsUsed: number;
}

function sampleRows(sites: SiteIndex, maxPerSite: number, rng: Generator): Int32Array {
  const bySite: number[][] = sites.names.map(() => []);
  for (let i = 0; i < sites.ofRow.length; i++) if (sites.ofRow[i]! >= 0) bySite[sites.ofRow[i]!]!.push(i);
  const out: number[] = [];
  for (const rows of bySite) {
    if (rows.length <= maxPerSite) out.push(...rows);
    else {
      const perm = rng.permutation(rows.length);
      for (let k = 0; k < maxPerSite; k++) out.push(rows[perm[k]!]!);
    }
  }
  return Int32Array.from(out).sort();
}

function groupIds(table: Table, patient: string, rows: Int32Array): Int32Array {
  const values = table.numbers(patient);
  const ids = new Map<number, number>();
  const out = new Int32Array(rows.length);
  let next = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = values[rows[k]!]!;
    // A row without a patient id is its own group.
    if (Number.isNaN(v)) out[k] = next++;
    else {
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = next++));
      out[k] = id;
    }
  }
  return out;
}

/**
 * Domain classifier: how well the features tell one site from the others. For every site, an
 * L2-regularised logistic regression (Newton–IRLS; λ = 1 as scikit-learn's C = 1) is trained on
 * standardised, mean-imputed features with missing-value indicators and one-hot categorical
 * levels (all fitted on the training fold only) and scored out of fold; the AUC of the pooled
 * out-of-fold scores is the site's separability. Folds are grouped by patient when the schema has a
 * patient column (GroupKFold), otherwise stratified by site and shuffled (StratifiedKFold).
 * AUC near 0.5: the site looks like the others; above 0.8 (detectShift's `site-separable`) a model
 * can recognise the hospital, so it can also learn hospital-specific shortcuts.
 * Large tables are sampled to `maxRowsPerSite` rows per site and wide designs feature-hashed to
 * `maxColumns` columns (cost: rows × min(columns, maxColumns)² per Newton step). Small sites never fail: sites under
 * `minSiteRows` are pooled into one group, a group of one row is left out, and the number of folds
 * is lowered to the smallest group (at least 2; with fewer, `sites` is empty).
 * @param table the data.
 * @param schema roles (features, categorical, optional patient; site unless `options.site`).
 * @param options see {@link DomainClassifierOptions}.
 * @returns per-site AUCs and the evaluation setup.
 * @throws ValueError when there is no site column, fewer than 2 sites, a patient column with one
 *   value for every row, or an unknown or bad option.
 * @example
 * const { sites } = checks.domainClassifier(table, schema, { site: 'site', nSplits: 5 });
 * sites.filter((s) => s.auc > 0.8); // hospitals a model can recognise
 */
export function domainClassifier(table: Table, schema: Schema, options: DomainClassifierOptions = {}): DomainClassifierResult {
  const who = 'domainClassifier';
  checkOptions(who, options, DOMAIN_CLASSIFIER_KEYS);
  requireColumns(who, table, schema);
  const site = options.site ?? schema.site;
  if (site === undefined) throw new ValueError(`${who}: a site column is required. Received: none in options.site or schema.site.`);
  const nSplits = options.nSplits ?? 5;
  const l2 = options.l2 ?? 1;
  const maxRowsPerSite = options.maxRowsPerSite ?? 2500;
  const maxOtherRows = options.maxOtherRows ?? 5000;
  const maxLevels = options.maxLevels ?? 20;
  const maxColumns = options.maxColumns ?? 128;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new ValueError(`${who}: nSplits must be an integer ≥ 2. Received: nSplits=${nSplits}.`);
  if (!(l2 > 0) || !Number.isFinite(l2)) throw new ValueError(`${who}: l2 must be a finite number > 0. Received: l2=${l2}.`);
  if (!Number.isInteger(maxRowsPerSite) || maxRowsPerSite < nSplits) {
    throw new ValueError(`${who}: maxRowsPerSite must be an integer ≥ nSplits (${nSplits}). Received: ${maxRowsPerSite}.`);
  }
  if (!Number.isInteger(maxOtherRows) || maxOtherRows < 1) throw new ValueError(`${who}: maxOtherRows must be an integer ≥ 1. Received: ${String(maxOtherRows)}.`);
  if (!Number.isInteger(maxLevels) || maxLevels < 1) throw new ValueError(`${who}: maxLevels must be an integer ≥ 1. Received: ${maxLevels}.`);
  if (!Number.isInteger(maxColumns) || maxColumns < 1) throw new ValueError(`${who}: maxColumns must be an integer ≥ 1. Received: ${maxColumns}.`);
  if (schema.features.includes(site)) throw new ValueError(`${who}: the site column '${site}' must not be a feature. Fix: remove it from schema.features.`);
  const minSiteRows = options.minSiteRows ?? MIN_SITE_ROWS;
  if (!Number.isInteger(minSiteRows) || minSiteRows < 1) throw new ValueError(`${who}: minSiteRows must be an integer ≥ 1. Received: ${String(minSiteRows)}.`);
  const pooled = poolSmallSites(indexSites(who, table, site), minSiteRows);
  // A group with a single row cannot be on both sides of a split: left out (it can only be the
  // pooled group, made of one 1-row site).
  const skippedSites = pooled.index.names.filter((_, s) => pooled.index.counts[s]! < 2).flatMap((name) => (name === pooled.label ? pooled.pooled : [name]));
  const sites = dropTiny(pooled.index);
  const empty = { sites: [], cv: schema.patient !== undefined ? ('group-kfold' as const) : ('stratified-kfold' as const), nSplits: 0, designColumns: 0, modelColumns: 0, rowsUsed: 0, pooledSites: pooled.pooled, skippedSites };
  if (sites.names.length < 2) return empty;

  const rng = new Generator(seed);
  const rows = sampleRows(sites, maxRowsPerSite, rng);
  const m = rows.length;
  const siteOf = Int32Array.from(rows, (r) => sites.ofRow[r]!);
  const design = buildDesign(table, schema, rows, maxLevels);
  // The rng's stream is not used after this point, so the hash does not change the folds or sample.
  const hash = design.columns.length > maxColumns ? drawFeatureHash(design.columns.length, maxColumns, seed + 1) : undefined;
  const usePatients = schema.patient !== undefined;
  const patients = usePatients ? groupIds(table, schema.patient!, rows) : undefined;
  // Fewer folds rather than a failure when a site (or the set of patients) is smaller than nSplits.
  let folds = nSplits;
  for (const c of sites.counts) folds = Math.min(folds, Math.min(c, maxRowsPerSite));
  if (patients !== undefined) {
    const distinct = new Set(patients).size;
    if (distinct < 2) {
      throw new ValueError(
        `patient '${schema.patient!}': holds one value for every row, so it cannot group rows by patient. Fix: give the patient id column, or leave the patient column out.`,
      );
    }
    folds = Math.min(folds, distinct);
  }
  if (folds < 2) return empty;
  const splits = patients !== undefined
    ? [...new GroupKFold({ nSplits: folds }).split(m, undefined, patients)]
    : [...new StratifiedKFold({ nSplits: folds, shuffle: true, randomState: seed }).split(m, siteOf)];

  const k = sites.names.length;
  const scores = sites.names.map(() => new Float64Array(m));
  const warm: (Float64Array | undefined)[] = new Array(k).fill(undefined);
  // The order in which each fold's training rows of the other sites are taken (a separate stream: the sample and folds above stay as they were).
  const sampler = new Generator(seed + 2);
  for (const { train, test } of splits) {
    const { Xtrain, Xtest, p } = standardiseDesign(design, train, test, hash);
    const order = train.length - 1 > maxOtherRows ? sampler.permutation(train.length) : null;
    for (let s = 0; s < k; s++) {
      const fitted = order === null ? null : siteAndOthers(train, siteOf, s, order, maxOtherRows);
      const X = fitted === null ? Xtrain : pickRows(Xtrain, train.length, p, fitted);
      const y = fitted === null ? Uint8Array.from(train, (r) => (siteOf[r] === s ? 1 : 0)) : Uint8Array.from(fitted, (i) => (siteOf[train[i]!] === s ? 1 : 0));
      const beta = fitLogisticL2(X, y.length, p, y, l2, warm[s]);
      warm[s] = beta;
      const z = decisionFunction(Xtest, test.length, p, beta);
      for (let t = 0; t < test.length; t++) scores[s]![test[t]!] = z[t]!;
    }
  }
  const out: DomainSite[] = sites.names.map((name, s) => {
    const isSite = Uint8Array.from(siteOf, (v) => (v === s ? 1 : 0));
    let used = 0;
    for (const v of isSite) used += v;
    return { site: name, auc: rocAucScore(isSite, scores[s]!), rows: sites.counts[s]!, rowsUsed: used };
  });
  return { sites: out, cv: usePatients ? 'group-kfold' : 'stratified-kfold', nSplits: folds, designColumns: design.columns.length, modelColumns: hash?.d ?? design.columns.length, rowsUsed: m, pooledSites: pooled.pooled, skippedSites };
}

/**
 * Positions (into `train`) of site `s`'s training rows and of the first `maxOthers` other rows in
 * `order`, in ascending position; null when the others number no more than that (all are used).
 */
function siteAndOthers(train: Int32Array, siteOf: Int32Array, s: number, order: Int32Array, maxOthers: number): Int32Array | null {
  const own = train.reduce((c, r) => c + (siteOf[r] === s ? 1 : 0), 0);
  if (train.length - own <= maxOthers) return null;
  const keep = new Uint8Array(train.length);
  let others = 0;
  for (const i of order) {
    if (siteOf[train[i]!] === s) keep[i] = 1;
    else if (others < maxOthers) {
      keep[i] = 1;
      others++;
    }
  }
  const out = new Int32Array(own + others);
  let at = 0;
  for (let i = 0; i < train.length; i++) if (keep[i] === 1) out[at++] = i;
  return out;
}

/** The rows `at` of a column-major n × p design (column j at j·n, as standardiseDesign lays it out). */
function pickRows(x: Float64Array, n: number, p: number, at: Int32Array): Float64Array {
  const m = at.length;
  const out = new Float64Array(m * p);
  for (let j = 0; j < p; j++) for (let k = 0; k < m; k++) out[j * m + k] = x[j * n + at[k]!]!;
  return out;
}

/** The index without groups of fewer than 2 rows (their rows become site-less, −1). */
function dropTiny(sites: SiteIndex): SiteIndex {
  const keep = sites.names.map((_, s) => sites.counts[s]! >= 2);
  if (keep.every(Boolean)) return sites;
  const remap = new Int32Array(sites.names.length).fill(-1);
  const names: string[] = [];
  sites.names.forEach((name, s) => {
    if (keep[s]) remap[s] = names.push(name) - 1;
  });
  const ofRow = Int32Array.from(sites.ofRow, (s) => (s < 0 ? -1 : remap[s]!));
  return { names, ofRow, counts: Int32Array.from(sites.counts).filter((_, s) => keep[s]) };
}
