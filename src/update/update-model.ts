import { binaryTarget } from '../data/binary-target.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { ValueError } from '../errors.js';
import type { LoadedModel } from '../io/model-file.js';
import type { Recalibration } from '../io/recalibration.js';
import { closedTest, type ClosedTestResult, type LevelFit, type UpdateLevel } from './closed-test.js';
import { modelView, outputLayer } from './model-logits.js';
import { refitOutputLayer } from './output-layer.js';
import { fineTune, type FineTuneOptions } from './fine-tune.js';
import { buildArchitecture } from '../io/architecture.js';
import type { Sequential } from '../nn/sequential.js';
import { interceptUpdate, logisticRecalibration, originalLogLik } from './recalibrate.js';

/** How {@link updateModel} updates: one fixed level, or the closed test that picks one. */
export type UpdateMethod = 'closed-test' | 'intercept' | 'logistic' | 'output-layer' | 'fine-tune';

/** Options of {@link updateModel}. */
export interface UpdateOptions {
  /** Updating method. Default 'closed-test' (Vergouwe et al. 2017). */
  method?: UpdateMethod;
  /** Significance level of the closed test. Default 0.05. */
  alpha?: number;
  /**
   * The output layer enters the closed test only when the rarer outcome has at least this many
   * patients per estimated parameter (and its fit converges); otherwise the test stops at logistic
   * recalibration. Default 10.
   */
  minEventsPerParameter?: number;
  /** Ridge penalty toward the original weights for `method: 'output-layer'`. Default 0. */
  ridge?: number;
  /** Settings of `method: 'fine-tune'` (learning rate, epochs, patience, held-out share, seed). */
  fineTune?: FineTuneOptions;
  /** Rows of `table` to update on. Default every row. */
  rows?: ArrayLike<number>;
  /** Where the local data came from, stored in `fittedOn.source`. Default `table.source` or 'table'. */
  source?: string;
}

/** What {@link updateModel} estimated; apply it with {@link applyUpdate} or save it with `saveUpdatedModel`. */
export interface UpdateResult {
  method: UpdateMethod;
  /** The level used: the requested one, or the closed test's choice. */
  level: UpdateLevel | 'fine-tune';
  /** Local patients used, and how many had the event. */
  m: number;
  events: number;
  /** The stored mapping of logits after the update (null: the model is used as it is). */
  recalibration: Recalibration | null;
  /** New output-layer weights for the output-layer level, else null. */
  outputLayer: { weight: Float64Array; bias: number } | null;
  /** Every weight after fine-tuning (state-dict order), else null. */
  fineTuned: { state: Float32Array[]; epochs: number; bestEpoch: number; startLoss: number; bestLoss: number } | null;
  /** Log-likelihood of the local outcomes at every level fitted. */
  fits: LevelFit[];
  /** The closed test's steps (method 'closed-test' only). */
  closedTest: ClosedTestResult | null;
  /** Plain-language notes, e.g. why the output layer was left out of the closed test. */
  notes: string[];
}

/** Fewest events (and non-events) among the local patients below which updateModel adds a caution note. */
export const MIN_UPDATE_EVENTS = 10;

/**
 * Update a saved model for a new site with m labelled local patients (Steyerberg, *Clinical
 * Prediction Models*, 2nd ed., ch. 20): (a) intercept update, logit' = a + logit; (b) logistic
 * recalibration, logit' = a + b·logit; (c) re-estimation of the output layer on the frozen
 * network's penultimate activations; or the closed test (Vergouwe et al. 2017) that picks the
 * simplest of original / intercept / logistic / output layer that the local data do not reject.
 * A stored recalibration already in the model is the starting point (updates compose).
 * @param loaded `io.loadModel(dir)` of a model with preprocessing.
 * @param table the local patients (features and outcome).
 * @param schema where the outcome is: `target` and the `positive` rule (default: the model's schema).
 * @param options see {@link UpdateOptions}.
 * @throws ValueError when the local data hold one outcome class only, a level cannot be estimated
 *   (output layer on an architecture without one, or a fit that does not converge), or options are bad.
 * @throws DataError for a missing target or feature.
 * @example
 * const loaded = io.loadModel('model');
 * const r = update.updateModel(loaded, local, { target: 'num', positive: '>0' }, { method: 'closed-test' });
 * update.saveUpdatedModel('model-local', loaded, r);
 */
export function updateModel(loaded: LoadedModel, table: Table, schema: Pick<Schema, 'target' | 'positive'>, options: UpdateOptions = {}): UpdateResult {
  const method = options.method ?? 'closed-test';
  if (!['closed-test', 'intercept', 'logistic', 'output-layer', 'fine-tune'].includes(method)) {
    throw new ValueError(`updateModel: method must be closed-test, intercept, logistic, output-layer or fine-tune. Received: method=${String(method)}.`);
  }
  const minEpp = options.minEventsPerParameter ?? 10;
  if (!(minEpp >= 0)) throw new ValueError(`updateModel: minEventsPerParameter must be ≥ 0. Received: ${minEpp}.`);
  const roles: Schema = { target: schema.target, features: [], categorical: [], ...(schema.positive !== undefined ? { positive: schema.positive } : {}) };
  const y = binaryTarget(table, roles, options.rows !== undefined ? { rows: options.rows } : {});
  const m = y.length;
  let events = 0;
  for (const v of y) events += v;
  if (events === 0 || events === m) {
    throw new ValueError(`updateModel: the local data need both outcomes to estimate an update. Received: ${m} patients, ${events} events. Fix: add patients of the missing class, or keep the model as it is.`);
  }
  const view = modelView(loaded, table, options.rows);
  const r0 = loaded.recalibration;
  const z = r0 === null ? view.logits : view.logits.map((v) => r0.intercept + r0.slope * v);
  const source = options.source ?? table.source ?? 'table';
  const fittedOn = { n: m, events, source };
  const notes: string[] = [];
  const rarest = Math.min(events, m - events);
  if (rarest < MIN_UPDATE_EVENTS) {
    // Even an intercept update rests on the rarer class: with a handful of events it is mostly noise.
    notes.push(`caution: only ${rarest} ${events <= m - events ? 'events' : 'non-events'} among the ${m} local patients (fewer than ${MIN_UPDATE_EVENTS}): the update is imprecise; check that the local sample represents the site before using it`);
  }
  const fits: LevelFit[] = [{ level: 'original', logLik: originalLogLik(z, y), nParams: 0 }];
  const icpt = interceptUpdate(z, y);
  fits.push({ level: 'intercept', logLik: icpt.logLik, nParams: 1 });
  const logi = logisticRecalibration(z, y);
  if (logi.converged) fits.push({ level: 'logistic', logLik: logi.logLik, nParams: 2 });
  else if (method === 'logistic') {
    throw new ValueError(`updateModel: logistic recalibration cannot be estimated on ${m} patients (${events} events): the logits separate the outcomes, so the slope is infinite. Fix: add local patients, or use method intercept.`);
  } else notes.push('logistic recalibration not considered: the logits separate the local outcomes (infinite slope)');
  const last = outputLayer(loaded.model);
  let layer: ReturnType<typeof refitOutputLayer> | null = null;
  if (method === 'output-layer' || method === 'closed-test') {
    if (last === null || view.hidden === null) {
      if (method === 'output-layer') throw new ValueError('updateModel: method output-layer needs a Sequential model ending in Linear(k, 1), as `clinreg train --arch mlp` makes; this model (e.g. --arch transformer) has no such output layer. Fix: use method logistic or closed-test (CLI --method logistic).');
      notes.push('output layer not considered: the architecture does not end in a Linear(k, 1) layer');
    } else {
      const ridge = method === 'output-layer' ? options.ridge ?? 0 : 0;
      layer = refitOutputLayer(view.hidden, m, view.nHidden, y, last.weight.data, last.bias!.data[0]!, { ridge });
      if (!layer.converged && method === 'output-layer') {
        throw new ValueError(`updateModel: the output layer (${layer.df} parameters) cannot be estimated on ${m} patients (${events} events): the fit does not converge (separation). Fix: add local patients, pass a ridge penalty (option ridge), or use method logistic (CLI --ridge LAMBDA, --method logistic).`);
      }
      const rarer = Math.min(events, m - events);
      if (method === 'closed-test') {
        if (!layer.converged) notes.push(`output layer not considered: its ${layer.df}-parameter fit does not converge on ${m} patients`);
        else if (rarer < minEpp * layer.df) notes.push(`output layer not considered: ${rarer} patients in the rarer class < ${minEpp} per parameter × ${layer.df} parameters`);
        else fits.push({ level: 'output-layer', logLik: layer.logLik, nParams: layer.df });
      } else {
        fits.push({ level: 'output-layer', logLik: layer.logLik, nParams: layer.df });
        notes.push(...outputLayerCautions(layer, view.hidden, view.nHidden, m, rarer, minEpp, ridge));
      }
    }
  }
  if (method === 'fine-tune') {
    if (last === null) throw new ValueError('updateModel: method fine-tune needs a Sequential model ending in Linear(k, 1), as `clinreg train --arch mlp` makes; this model (e.g. --arch transformer) has no such output layer. Fix: use method logistic or closed-test (CLI --method logistic).');
    const model = buildArchitecture(loaded.architecture) as Sequential;
    model.loadStateDict(loaded.model.stateDict(), { strict: true });
    const x = loaded.preprocessor!.transform(table, options.rows);
    const ft = fineTune(model, x, y, r0, options.fineTune);
    const after = originalLogLik(modelView({ ...loaded, model, recalibration: null }, table, options.rows).logits, y);
    notes.push(`fine-tuned: kept epoch ${ft.bestEpoch} of ${ft.epochs} (held-out local loss ${ft.startLoss.toFixed(4)} → ${ft.bestLoss.toFixed(4)}; log-likelihood on all ${m} local patients ${after.toFixed(3)})`);
    return {
      method, level: 'fine-tune', m, events, outputLayer: null, closedTest: null, notes, fits,
      recalibration: { method: 'fine-tune', intercept: 0, slope: 1, fittedOn, level: `fine-tune (early stopping: epoch ${ft.bestEpoch} of ${ft.epochs})` },
      fineTuned: { state: [...model.stateDict().values()].map((t) => Float32Array.from(t.data)), ...ft },
    };
  }
  const test = method === 'closed-test' ? closedTest(fits, options.alpha ?? 0.05) : null;
  const level: UpdateLevel = test?.level ?? (method as Exclude<UpdateMethod, 'closed-test' | 'fine-tune'>);
  const levelNote = method === 'closed-test' ? `${level} (closed test, alpha ${test!.alpha})` : level;
  let recalibration: Recalibration | null = r0;
  let newLayer: UpdateResult['outputLayer'] = null;
  if (level === 'intercept') {
    const a0 = r0?.intercept ?? 0;
    recalibration = { method: 'intercept', intercept: a0 + icpt.intercept, slope: r0?.slope ?? 1, fittedOn, level: levelNote };
  } else if (level === 'logistic') {
    const a0 = r0?.intercept ?? 0;
    const b0 = r0?.slope ?? 1;
    recalibration = { method: 'logistic', intercept: logi.intercept + logi.slope * a0, slope: logi.slope * b0, fittedOn, level: levelNote };
  } else if (level === 'output-layer') {
    recalibration = { method: 'output-layer', intercept: 0, slope: 1, fittedOn, level: levelNote };
    newLayer = { weight: layer!.weight, bias: layer!.bias };
  }
  return { method, level, m, events, recalibration, outputLayer: newLayer, fineTuned: null, fits, closedTest: test, notes };
}

/** Below this fitted probability (or above 1 minus it) R glm warns "fitted probabilities numerically 0 or 1 occurred". */
const GLM_EPS = 10 * Number.EPSILON;

/**
 * Cautions for an explicitly requested output layer: fewer than `minEpp` patients of the rarer
 * class per parameter, and fitted local probabilities numerically 0 or 1 (R glm's warning), both
 * signs that the layer overfits the local patients. (Tried: GBSG model, 100 Rotterdam patients,
 * 33 parameters: the rest of Rotterdam got 760 risks of exactly 1 and AUC 0.670 → 0.586.)
 */
function outputLayerCautions(layer: ReturnType<typeof refitOutputLayer>, hidden: Float64Array, k: number, m: number, rarer: number, minEpp: number, ridge: number): string[] {
  const out: string[] = [];
  const fix = ridge > 0
    ? 'use a larger ridge penalty or method closed-test (CLI --ridge LAMBDA, --method closed-test)'
    : 'pass a ridge penalty (option ridge) or use method closed-test (CLI --ridge LAMBDA, --method closed-test)';
  if (rarer < minEpp * layer.df) {
    out.push(`caution: the output layer estimates ${layer.df} parameters from ${rarer} patients in the rarer class (${(rarer / layer.df).toFixed(1)} per parameter, fewer than ${minEpp}): expect overfitting; ${fix}`);
  }
  let extreme = 0;
  for (let i = 0; i < m; i++) {
    let eta = layer.bias;
    for (let j = 0; j < k; j++) eta += layer.weight[j]! * hidden[i * k + j]!;
    const p = 1 / (1 + Math.exp(-eta));
    if (p < GLM_EPS || p > 1 - GLM_EPS) extreme++;
  }
  if (extreme > 0) {
    out.push(`caution: fitted probabilities numerically 0 or 1 for ${extreme} of the ${m} local patients (R glm warns the same): the new layer nearly separates the local outcomes and will give other patients risks of 0 or 1; ${fix}`);
  }
  return out;
}
