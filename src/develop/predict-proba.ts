import { ModelFormatError, ValueError } from '../errors.js';
import { checkModelInputs } from './check-model-inputs.js';
import type { Table } from '../data/table.js';
import type { LoadedModel } from '../io/model-file.js';
import { Tensor } from '../tensor/tensor.js';
import { mcDropoutPredict } from '../train/mc-dropout.js';
import { applyRecalibration, sigmoid } from '../update/apply-recalibration.js';
import { checkFiniteOutput, NonFiniteOutputError } from '../train/non-finite.js';
import { forwardInBatches } from '../train/forward-batches.js';

/** Options of {@link predictProba}. */
export interface PredictProbaOptions {
  /**
   * Apply the model's stored recalibration (model.json `recalibration`) when it has one.
   * Default true; false gives the network's own probabilities.
   */
  recalibrate?: boolean;
  /** Rows of the table to score, in order. Default: every row. */
  rows?: ArrayLike<number>;
}

/**
 * Event probabilities of a saved model for the rows of a table: the model's stored preprocessing
 * (fitted at training), one forward pass in eval mode, then the stored recalibration
 * `σ(intercept + slope · logit)` if the model has one.
 * @param loaded `io.loadModel(dir)` (must carry preprocessing, as models saved by develop/train do).
 * @param table rows to score; must hold the model's features.
 * @param options see {@link PredictProbaOptions}.
 * @returns Float64Array, one probability per row.
 * @throws ModelFormatError when the model has no preprocessing state.
 * @throws DataError when a feature is missing from the table or mistyped.
 * @example
 * const model = io.loadModel('out/model');
 * const p = develop.predictProba(model, await data.readCsv('new.csv'));
 */
export function predictProba(loaded: LoadedModel, table: Table, options: PredictProbaOptions = {}): Float64Array {
  const logits = modelLogits(loaded, table, options.rows);
  const r = loaded.recalibration;
  if (r !== null && options.recalibrate !== false) return applyRecalibration(logits, r);
  return Float64Array.from(logits, sigmoid);
}

/**
 * MC-dropout mean and SD of the probability (no recalibration: the passes' spread is the network's).
 * @param loaded a loaded model with preprocessing.
 * @param table rows to score.
 * @param passes number of stochastic passes (≥ 2).
 * @param seed seed of the dropout masks.
 */
export function predictProbaMc(loaded: LoadedModel, table: Table, passes: number, seed = 0): { mean: Float32Array; std: Float32Array } {
  if (!Number.isSafeInteger(passes) || passes < 2) throw new ValueError(`predictProbaMc: passes must be an integer ≥ 2. Received: ${passes}.`);
  return mcDropoutPredict(loaded.model, inputs(loaded, table), { passes, seed });
}

function inputs(loaded: LoadedModel, table: Table, rows?: ArrayLike<number>): Tensor {
  const pre = loaded.preprocessor;
  if (pre === null) throw new ModelFormatError('predictProba: the model has no preprocessing state; it needs a model saved by develop.writeRunOutputs or clinreg train.');
  checkModelInputs(pre, table);
  const n = rows === undefined ? table.nRows : rows.length;
  return new Tensor(pre.transform(table, rows), [n, pre.featureNames.length]);
}

function modelLogits(loaded: LoadedModel, table: Table, rows?: ArrayLike<number>): Float64Array {
  const x = inputs(loaded, table, rows);
  loaded.model.eval();
  const out = forwardInBatches(loaded.model, x); // chunked: bounded activation memory (H4, #19)
  // Never a NaN probability with exit 0 (H4, #19): a typed E_NON_FINITE error instead.
  try {
    checkFiniteOutput(out.data, out.ndim === 0 ? 1 : out.size / out.shape[0]!, 'predictProba');
  } catch (err) {
    // Name the row as the user's file numbers it, not by its index among the scored rows.
    if (!(err instanceof NonFiniteOutputError)) throw err;
    throw new NonFiniteOutputError('predictProba', err.row, NaN, { file: table.source, fileRow: table.fileRow(rows === undefined ? err.row : rows[err.row]!) });
  }
  return Float64Array.from(out.data);
}
