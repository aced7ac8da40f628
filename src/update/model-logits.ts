import { checkModelInputs } from '../develop/check-model-inputs.js';
import { ValueError } from '../errors.js';
import type { Table } from '../data/table.js';
import type { LoadedModel } from '../io/model-file.js';
import { Linear } from '../nn/linear.js';
import { Sequential, type TensorModule } from '../nn/sequential.js';
import { noGrad } from '../tensor/autograd.js';
import { Tensor } from '../tensor/tensor.js';

/** A saved model's view of a table: raw logits and, for an MLP, the output layer's inputs. */
export interface ModelView {
  /** One logit per row, before any stored recalibration (float64 copy of the float32 output). */
  logits: Float64Array;
  /** Output-layer inputs (penultimate activations), rows × `hidden`, row-major; null when the model is not a Sequential ending in Linear(·, 1). */
  hidden: Float64Array | null;
  /** Width of `hidden` (0 when null). */
  nHidden: number;
}

/**
 * Run a loaded model in eval mode on every row of `table` (or `rows`): the saved preprocessing,
 * then the forward pass; also returns the activations that enter the final Linear layer, which the
 * output-layer update re-estimates.
 * @throws ValueError when the model has no preprocessing state or more than one output.
 * @throws DataError when the table lacks a feature the model needs.
 */
export function modelView(loaded: LoadedModel, table: Table, rows?: ArrayLike<number>): ModelView {
  if (loaded.preprocessor === null) {
    throw new ValueError('update: the model has no preprocessing state; updating needs a model saved by clinreg train (io.saveModel with a preprocessor).');
  }
  checkModelInputs(loaded.preprocessor, table);
  const n = rows === undefined ? table.nRows : rows.length;
  const x = new Tensor(loaded.preprocessor.transform(table, rows), [n, loaded.preprocessor.featureNames.length]);
  const model = loaded.model;
  model.eval();
  const last = outputLayer(model);
  return noGrad(() => {
    if (last === null) {
      const out = model.forward(x);
      if (out.size !== n) throw new ValueError(`update: the model must return one logit per row. Received: output shape [${out.shape.join(', ')}].`);
      return { logits: Float64Array.from(out.data), hidden: null, nHidden: 0 };
    }
    const seq = model as Sequential;
    let h = x;
    for (let i = 0; i < seq.length - 1; i++) h = seq.at(i).forward(h);
    const out = last.forward(h);
    return { logits: Float64Array.from(out.data), hidden: Float64Array.from(h.data), nHidden: last.weight.shape[1]! };
  });
}

/** The final Linear(k, 1) of a Sequential model, or null for any other architecture. */
export function outputLayer(model: TensorModule): Linear | null {
  if (!(model instanceof Sequential) || model.length === 0) return null;
  const last = model.at(-1);
  if (!(last instanceof Linear) || last.weight.shape[0] !== 1 || last.bias === null) return null;
  return last;
}
