import { ValueError } from '../errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { FoldData } from '../validate/fold-engine.js';
import type { History } from '../train/history.js';
import type { Module } from '../nn/module.js';
import { trainDann, type DannOptions } from './dann.js';
import { PerSiteStandardScaler } from './per-site-scaler.js';

/** Domain adaptation methods of cross-validation and `train --adapt`. */
export type AdaptMethod = 'none' | 'per-site-norm' | 'dann';

/** Every adaptation method. */
export const ADAPT_METHODS: readonly AdaptMethod[] = ['none', 'per-site-norm', 'dann'];

/** DANN settings a plan passes on (the data-dependent fields come from each fold). */
export type DannSettings = Omit<DannOptions, 'xSource' | 'ySource' | 'domainSource' | 'xTarget' | 'domainTarget' | 'nDomains' | 'xVal' | 'yVal' | 'seed'>;

/** What an adaptation changes in cross-validation: the table the folds see and how a fold trains. */
export interface AdaptationPlan {
  method: AdaptMethod;
  /** The table after per-site normalisation (the input table otherwise). */
  table: Table;
  /** Fold training by DANN (held-out rows unlabelled; source validation = the fold's early-stopping rows). */
  trainFold?: (fold: FoldData) => { model: Module; history?: History };
  /** Per fold (by name), which DANN checkpoint the label-free rule kept. */
  selections: Map<string, 'adversarial' | 'warm-up'>;
}

/**
 * Turn an adaptation method into what cross-validation needs:
 * - 'none': nothing changes;
 * - 'per-site-norm': every site's numeric features standardised with that site's own mean and SD
 *   (`PerSiteStandardScaler`; a held-out site needs only its unlabelled rows);
 * - 'dann': each fold trains `trainDann` with the held-out site as the unlabelled target, the
 *   fold's early-stopping rows as source validation, warm-up, early stopping and the label-free
 *   selection rule.
 * @param method see above. @param table the data. @param schema its roles (a `site` is needed to adapt).
 * @param dann DANN settings (widths, dropout, epochs, lr, …); defaults as `trainDann`.
 * @throws ValueError for an unknown method, or a method other than 'none' without a site column.
 * @example const plan = adapt.adaptationPlan('dann', table, schema, { hiddenSizes: [32] });
 */
export function adaptationPlan(method: AdaptMethod, table: Table, schema: Schema, dann: DannSettings = {}): AdaptationPlan {
  if (!ADAPT_METHODS.includes(method)) {
    throw new ValueError(`adaptationPlan: adapt must be one of ${ADAPT_METHODS.join(', ')}. Received: ${String(method)}.`);
  }
  const selections = new Map<string, 'adversarial' | 'warm-up'>();
  if (method === 'none') return { method, table, selections };
  if (schema.site === undefined) {
    throw new ValueError(`adaptationPlan: adapt '${method}' needs a site column (domains are sites). Fix: name it (CLI --site COL) or use adapt 'none'.`);
  }
  if (method === 'per-site-norm') {
    const numeric = schema.features.filter((f) => !schema.categorical.includes(f) && table.column(f).kind === 'numeric');
    const scaled = new PerSiteStandardScaler({ features: numeric, site: schema.site }).fitTransform(table);
    return { method, table: scaled, selections };
  }
  return {
    method,
    table,
    selections,
    trainFold: (f) => {
      const r = trainDann({
        ...dann, xSource: f.xTrain, ySource: f.yTrain, domainSource: f.domainTrain, xTarget: f.xTest, domainTarget: f.domainTest,
        nDomains: f.sites.length, xVal: f.xVal, yVal: f.yVal, seed: f.seed,
      });
      selections.set(f.name, r.selected);
      return { model: r.model };
    },
  };
}
