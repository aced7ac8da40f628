import { ValueError } from '../errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { Module } from '../nn/module.js';
import { MIN_SITE_ROWS, smallSitesLabel } from '../checks/small-sites.js';
import { checkOptions } from '../option-keys.js';
import {
  FOLD_ENGINE_KEYS,
  labelledRows,
  runFolds,
  smallSites,
  type CrossValidationResult,
  type FoldEngineOptions,
  type FoldSpec,
  type LabelledRows,
  type ValidationFold,
} from './fold-engine.js';

/** Options of `leaveOneSiteOut`: the shared fold options (training defaults follow the seed: AdamW lr 3e-4, weight decay 1e-4). */
export type LeaveOneSiteOutOptions = FoldEngineOptions;

/** One held-out site (alias of the scheme-neutral `ValidationFold`). */
export type LosoFold = ValidationFold;

/** Result of `leaveOneSiteOut` (alias of the scheme-neutral `CrossValidationResult`). */
export type LosoResult = CrossValidationResult;

/**
 * Leave-one-site-out validation (seed Q5: "use GroupKFold by site … to detect overfitting to any
 * single site"): for each site, fit a fresh model from `buildModel` on all other sites with
 * `fitOnRows`' recipe — preprocessing fitted on the training rows only, early stopping (with
 * restored weights) on an inner validation split stratified by site × outcome (or a held-out site)
 * — and predict the held-out site. Sites with fewer than `minSiteRows` (default 20) labelled rows are
 * held out together as one fold, `small sites (n<20)`, and evaluated as that group. Returns each
 * fold's development, internal and external AUC and `evaluateCrossSite` over the external
 * predictions. The same as `crossValidate(…, { scheme: 'leave-one-site-out' })`.
 * @param buildModel returns a fresh binary model (one logit) for `nFeatures` inputs.
 * @param table the data; rows with a missing target are left out.
 * @param schema needs `site`.
 * @throws ValueError for an unknown option, without a site column, or with fewer than 2 held-out folds (one site, or
 *   every site but one pooled), phrased with the site column's name.
 * @example leaveOneSiteOut((n) => recommend.buildModel(config, n), table, schema, { epochs: 100 });
 */
export function leaveOneSiteOut(
  buildModel: (nFeatures: number) => Module,
  table: Table,
  schema: Schema,
  options: LeaveOneSiteOutOptions = {},
): LosoResult {
  checkOptions('leaveOneSiteOut', options, FOLD_ENGINE_KEYS);
  if (schema.site === undefined) {
    throw new ValueError('leave-one-site-out validation needs a site column. Fix: set schema.site (CLI: --site COL), or use another scheme.');
  }
  const data = labelledRows(table, schema, 'leave-one-site-out');
  return runFolds(buildModel, table, schema, data, siteFolds(data, schema.site, options.minSiteRows ?? MIN_SITE_ROWS), options);
}

/**
 * The held-out folds of leave-one-site-out: one per site with at least `min` rows, plus one fold
 * holding every smaller site together. Needs at least 2 folds.
 */
export function siteFolds(data: LabelledRows, siteColumn: string, min: number): FoldSpec[] {
  const sites = [...new Set(data.siteOf)];
  if (sites.length < 2) {
    throw new ValueError(
      `site '${siteColumn}': leave-one-site-out needs at least 2 sites. Received: ${sites.length} (${sites.join(', ')}). Fix: give a column with several sites, or use a scheme without sites (stratified k-fold).`,
    );
  }
  const small = new Set(smallSites(data.siteOf, min));
  const folds: FoldSpec[] = sites.filter((s) => !small.has(s)).map((site) => ({ name: site, test: positions(data.siteOf, (s) => s === site) }));
  if (small.size > 0) folds.push({ name: smallSitesLabel(min), test: positions(data.siteOf, (s) => small.has(s)) });
  if (folds.length < 2) {
    throw new ValueError(
      `site '${siteColumn}': leave-one-site-out needs at least 2 held-out folds, but all ${sites.length} sites have fewer than ${min} rows and form one pooled group. Fix: use site-grouped k-fold (scheme 'group-kfold'; CLI: --validation group-kfold), or lower minSiteRows.`,
    );
  }
  return folds;
}

function positions(values: readonly string[], pred: (s: string) => boolean): Int32Array {
  const out: number[] = [];
  values.forEach((v, i) => pred(v) && out.push(i));
  return Int32Array.from(out);
}
