import { ValueError } from '../errors.js';
import type { CrossSiteOptions } from '../validate/cross-site.js';
import { assembleFolds, type CrossValidationResult, type FoldOutcome } from '../validate/fold-engine.js';
import { loadDataRef } from './data-ref.js';
import type { SweepConfig } from './grid.js';
import { schemeFolds, type SweepPlan, type SweepScheme } from './plan.js';
import type { SweepJobResult } from './run-job.js';

/** One configuration's cross-validation, assembled from its jobs. */
export interface SweepConfigResult {
  /** Position in the plan's configurations. */
  index: number;
  /** The grid's settings, e.g. `dropout=0.3 weightDecay=0.001`. */
  label: string;
  config: SweepConfig;
  /** Log loss of every out-of-fold prediction together (lower is better). */
  logLoss: number;
  /** The same per-site evaluation `crossValidate` gives: folds, out-of-fold predictions, cross-site results. */
  validation: CrossValidationResult;
}

/** A finished sweep: every configuration side by side and the chosen one. */
export interface SweepResult {
  id: string;
  scheme: SweepScheme;
  seed: number;
  /** Data path and SHA-256 of its bytes. */
  data: { path: string; sha256: string };
  configs: SweepConfigResult[];
  /** Index (into `configs`) of the chosen configuration ({@link CHOICE_RULE}). */
  chosen: number;
  /** The rule, in words. */
  rule: string;
  /** Job results received more than once and counted once (a retried job whose first run also finished). */
  duplicates: number;
  /** Kernel tiers that computed the jobs (sorted). More than one: numbers agree to ~1e-5, not bit for bit. */
  kernels: string[];
}

/**
 * How the sweep chooses: the lowest out-of-fold log loss over every tested patient (a proper
 * score, so it rewards discrimination and calibration together); ties by the higher pooled AUC,
 * then the earlier configuration.
 */
export const CHOICE_RULE = 'lowest out-of-fold log loss (all held-out patients together); ties: higher pooled AUC, then the earlier configuration';

/** Options of {@link assembleSweep}. */
export interface AssembleSweepOptions {
  /** Options of the cross-site evaluation. Default `{}`. */
  crossSite?: CrossSiteOptions;
}

/**
 * Assemble job results into each configuration's per-site evaluation (`validate.evaluateCrossSite`
 * over its out-of-fold predictions, exactly as `crossValidate` assembles folds) and choose one by
 * {@link CHOICE_RULE}. Results are keyed by job id: one received twice counts once.
 * @param plan the sweep's plan. @param results its jobs' results, in any order.
 * @throws ValueError when a job of the plan has no result, a result belongs to another sweep, or a
 *   result does not fit its fold (wrong number of probabilities).
 * @example const result = sweep.assembleSweep(plan, results);
 */
export function assembleSweep(plan: SweepPlan, results: readonly SweepJobResult[], options: AssembleSweepOptions = {}): SweepResult {
  const byId = new Map<string, SweepJobResult>();
  let duplicates = 0;
  for (const r of results) {
    if (r.sweep !== plan.id) throw new ValueError(`assembleSweep: result ${r.jobId} belongs to sweep ${r.sweep}, not ${plan.id}.`);
    if (byId.has(r.jobId)) duplicates++;
    else byId.set(r.jobId, r);
  }
  const missing = plan.jobs.filter((j) => !byId.has(j.id));
  if (missing.length > 0) {
    throw new ValueError(`assembleSweep: ${missing.length} of ${plan.jobs.length} jobs have no result (first: ${missing[0]!.id}). Fix: run them (or rerun the sweep).`);
  }
  const { table, schema } = loadDataRef(plan.data);
  const folds = schemeFolds(table, schema, plan.scheme, plan.seed);
  const configs = plan.configs.map((config, c): SweepConfigResult => {
    const outcomes = folds.folds.map((spec, f): FoldOutcome => {
      const r = byId.get(plan.jobs[c * folds.folds.length + f]!.id)!;
      if (r.prob.length !== spec.test.length) {
        throw new ValueError(`assembleSweep: result ${r.jobId} has ${r.prob.length} probabilities for fold '${spec.name}' of ${spec.test.length} rows.`);
      }
      return {
        prob: Float64Array.from(r.prob),
        fold: {
          name: r.foldName, site: r.foldName, trainSites: r.trainSites, innerValidation: r.innerValidation, nTrain: r.nTrain, nTest: r.nTest,
          developmentAuc: r.developmentAuc, internalAuc: r.internalAuc, externalAuc: r.externalAuc,
        },
      };
    });
    const validation = assembleFolds(folds.data, folds.folds, outcomes, { crossSite: options.crossSite ?? {} });
    return { index: c, label: plan.labels[c]!, config, logLoss: logLoss(validation.predictions.yTrue, validation.predictions.yProb), validation };
  });
  const kernels = [...new Set([...byId.values()].map((r) => r.kernels))].sort();
  return { id: plan.id, scheme: plan.scheme, seed: plan.seed, data: { path: plan.data.path, sha256: plan.data.sha256 }, configs, chosen: choose(configs), rule: CHOICE_RULE, duplicates, kernels };
}

/** Mean negative log-likelihood of 0/1 labels, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-15), 1 - 1e-15);
    sum -= y[i]! === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / y.length;
}

function choose(configs: readonly SweepConfigResult[]): number {
  let best = 0;
  for (let c = 1; c < configs.length; c++) {
    const a = configs[c]!;
    const b = configs[best]!;
    const aucA = a.validation.crossSite.pooled.auc ?? -Infinity;
    const aucB = b.validation.crossSite.pooled.auc ?? -Infinity;
    if (a.logLoss < b.logLoss || (a.logLoss === b.logLoss && aucA > aucB)) best = c;
  }
  return best;
}
