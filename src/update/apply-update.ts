import { buildArchitecture } from '../io/architecture.js';
import { saveModel, type LoadedModel } from '../io/model-file.js';
import { outputLayer } from './model-logits.js';
import type { UpdateResult } from './update-model.js';

/**
 * The updated model as a new `LoadedModel` (the input is left unchanged): a copy of the network
 * with the re-estimated output layer (level `output-layer`) or every fine-tuned weight (`fine-tune`), and the update's stored
 * recalibration. Its predictions are `update.applyRecalibration(logits, recalibration)`.
 * @param loaded the model that was updated. @param result what `updateModel` returned.
 * @example const local = update.applyUpdate(loaded, update.updateModel(loaded, table, schema));
 */
export function applyUpdate(loaded: LoadedModel, result: UpdateResult): LoadedModel {
  const model = buildArchitecture(loaded.architecture);
  model.loadStateDict(loaded.model.stateDict(), { strict: true });
  if (result.outputLayer !== null) {
    const last = outputLayer(model)!;
    last.weight.data.set(result.outputLayer.weight);
    last.bias!.data[0] = result.outputLayer.bias;
  }
  if (result.fineTuned !== null) {
    const state = result.fineTuned.state;
    [...model.stateDict().values()].forEach((t, k) => t.data.set(state[k]!));
  }
  model.eval();
  return { ...loaded, model, recalibration: result.recalibration, metadata: { ...loaded.metadata, update: updateRecord(result) } };
}

/**
 * Save the updated model as a new model directory (same architecture, preprocessing and schema;
 * model.json's `recalibration` holds the mapping, `metadata.update` the method, m, events, chosen
 * level, the closed test and the log-likelihoods).
 * @param dir output directory (replaced atomically). @param loaded the original model.
 * @param result what `updateModel` returned.
 * @example update.saveUpdatedModel('model-local', loaded, result);
 */
export function saveUpdatedModel(dir: string, loaded: LoadedModel, result: UpdateResult): void {
  const updated = applyUpdate(loaded, result);
  const { clinregVersion: _v, created: _c, ...metadata } = updated.metadata;
  saveModel(dir, {
    model: updated.model,
    architecture: updated.architecture,
    ...(updated.preprocessor !== null ? { preprocessor: updated.preprocessor } : {}),
    ...(updated.schema !== null ? { schema: updated.schema } : {}),
    metadata,
    recalibration: updated.recalibration,
  });
}

/** The JSON record of an update kept in model metadata. */
function updateRecord(r: UpdateResult): Record<string, unknown> {
  return {
    method: r.method,
    level: r.level,
    m: r.m,
    events: r.events,
    logLik: Object.fromEntries(r.fits.map((f) => [f.level, f.logLik])),
    ...(r.closedTest !== null ? { closedTest: r.closedTest } : {}),
    ...(r.notes.length > 0 ? { notes: r.notes } : {}),
  };
}
