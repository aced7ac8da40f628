import type { data, io } from '../index.js';

type Api = typeof import('../index.js');

/**
 * Load a model directory saved by `clinreg train` (model.json + model.safetensors) and check that
 * it carries the preprocessing that turns a table into its inputs.
 * @param api the public clinreg API.
 * @param dir the model directory.
 * @throws ModelFormatError for a missing, corrupted or tampered model, or one without preprocessing.
 */
export function loadTrainedModel(api: Api, dir: string): io.LoadedModel & { preprocessor: data.TabularPreprocessor } {
  const loaded = api.io.loadModel(dir);
  if (loaded.preprocessor === null) {
    throw new api.ModelFormatError(`${dir}: the model has no preprocessing state; predict and validate need a model saved by clinreg train.`);
  }
  return loaded as io.LoadedModel & { preprocessor: data.TabularPreprocessor };
}

/**
 * The model's inputs for every row of `table`: the saved preprocessing applied to its features.
 * @throws DataError when a feature the model needs is missing from the table or mistyped.
 */
export function modelInputs(api: Api, model: { preprocessor: data.TabularPreprocessor }, table: data.Table): InstanceType<Api['Tensor']> {
  const x = model.preprocessor.transform(table);
  return new api.Tensor(x, [table.nRows, model.preprocessor.featureNames.length]);
}

/** Predicted probabilities (sigmoid of the one logit per row), model in eval mode. */
export function predictProba(api: Api, model: io.LoadedModel['model'], x: InstanceType<Api['Tensor']>): Float64Array {
  model.eval();
  const out = api.noGrad(() => model.forward(x));
  return Float64Array.from(out.data, (v) => 1 / (1 + Math.exp(-v)));
}
