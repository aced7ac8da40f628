import { ModelFormatError } from '../errors.js';
import { modelFromBytes } from '../io/model-bytes.js';
import type { ScoringModel } from './risk.js';
import { sha256 } from './sha256.js';

/**
 * A saved model from the contents of its two files, checked as `io.loadModel` checks a directory
 * (validated model.json, SHA-256 of the weights, shapes), ready to score tables.
 * @param jsonText the text of model.json.
 * @param weights the bytes of model.safetensors.
 * @throws ModelFormatError for a corrupted or tampered model, or one without preprocessing.
 * @example const model = loadModelBytes(await (await fetch('model.json')).text(), weightBytes);
 */
export function loadModelBytes(jsonText: string, weights: Uint8Array): ScoringModel & ReturnType<typeof modelFromBytes> {
  const loaded = modelFromBytes(jsonText, weights, { sha256 });
  if (loaded.preprocessor === null) {
    throw new ModelFormatError('model.json: the model has no preprocessing state; the calculator needs a model saved by clinreg train.');
  }
  return loaded as ScoringModel & ReturnType<typeof modelFromBytes>;
}
