import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ModelFormatError, ValueError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import type { TabularPreprocessor } from '../data/preprocessing/tabular-preprocessor.js';
import type { Schema } from '../data/schema.js';
import type { AnyModule } from '../nn/module.js';
import { VERSION } from '../version.js';
import { describeArchitecture, type LayerSpec } from './architecture.js';
import { replaceDirAtomic } from './atomic-dir.js';
import { MAX_MODEL_JSON_BYTES, MAX_MODEL_WEIGHTS_BYTES, readRegularFile } from './bounded-read.js';
import { writeFileAtomicSync } from './atomic-write.js';
import { MODEL_JSON, MODEL_WEIGHTS, modelFromBytes, type LoadedModel } from './model-bytes.js';
import { checkRecalibration, type Recalibration } from './recalibration.js';
import { writeSafetensors } from './safetensors-write.js';
import { stateProblem } from './state-check.js';

export { MODEL_JSON, MODEL_WEIGHTS };
export type { LoadedModel };

/** What `saveModel` writes. */
export interface SaveModelInput {
  model: AnyModule;
  /** Architecture to rebuild the model; default: described from the model (Sequential stacks). */
  architecture?: LayerSpec;
  /** Fitted preprocessing that turns a table into the model's inputs. */
  preprocessor?: TabularPreprocessor;
  /** Column roles the model was trained with. */
  schema?: Schema;
  /** Free-form JSON metadata (seed, training summary, …); clinreg adds version and creation time. */
  metadata?: Record<string, unknown>;
  /** Stored logit recalibration for a new site (see `update.applyRecalibration`); default none. */
  recalibration?: Recalibration | null;
}

/**
 * Save a model as a directory with `model.safetensors` (weights and buffers, PyTorch state-dict
 * keys) and `model.json` (architecture, preprocessing state, schema, metadata incl. clinreg
 * version and creation time, and the SHA-256 of the weights). Atomic: both files are written into
 * a temporary sibling directory that replaces `dir` in one rename, so an interrupted save leaves
 * either the old model or the new one, never half of one.
 * @throws ValueError when the architecture cannot be described (custom modules: pass `architecture`),
 *   or when a weight or buffer is NaN/±Inf or a BatchNorm running variance is negative (such a
 *   model could only predict NaN; nothing is written).
 * @example saveModel('out/model', { model, preprocessor, schema, metadata: { seed: 0 } });
 */
export function saveModel(dir: string, input: SaveModelInput): void {
  checkOptions('saveModel', input, { model: true, architecture: true, preprocessor: true, schema: true, metadata: true, recalibration: true } satisfies Record<keyof Required<SaveModelInput>, true>);
  const architecture = input.architecture ?? describeArchitecture(input.model);
  const problem = stateProblem(input.model.stateDict());
  if (problem !== undefined) {
    throw new ValueError(`saveModel: refusing to save '${dir}': ${problem}. Fix: train again from finite inputs (fit stops with a non-finite stop reason) or restore finite weights.`);
  }
  const weights = writeSafetensors(null, input.model.stateDict(), { format: 'pt', producer: `clinreg ${VERSION}` });
  const json = {
    format: 'clinreg.model',
    version: 1,
    architecture,
    preprocessing: input.preprocessor?.toJSON() ?? null,
    schema: input.schema ?? null,
    metadata: { ...input.metadata, clinregVersion: VERSION, created: new Date().toISOString() },
    weights: { file: MODEL_WEIGHTS, sha256: sha256(weights) },
    ...(input.recalibration ? { recalibration: checkRecalibration(input.recalibration, 'saveModel') } : {}),
  };
  replaceDirAtomic(dir, (tmp) => {
    writeFileAtomicSync(join(tmp, MODEL_WEIGHTS), weights);
    writeFileAtomicSync(join(tmp, MODEL_JSON), `${JSON.stringify(json, null, 2)}\n`);
  });
}

/**
 * Load a model saved by `saveModel`. Nothing in the files is executed: both files must be regular
 * files within their size limits (64 MiB for model.json, 1 GiB for the weights; checked with
 * fstat before reading, so a named pipe or a link to /dev/zero is refused), model.json's nesting
 * depth is bounded and it is validated field by field (zod), the architecture is rebuilt from
 * known layer types, the weights' SHA-256 must match, the safetensors header is validated before
 * any allocation, every tensor must have the shape the architecture expects, and every weight and
 * buffer must be finite (BatchNorm running variances non-negative).
 * @throws ModelFormatError (code E_MODEL_FORMAT) for a missing, corrupted, tampered or
 *   mismatching file, naming the file and the field.
 * @example const { model, preprocessor } = loadModel('out/model');
 */
export function loadModel(dir: string): LoadedModel {
  const jsonPath = join(dir, MODEL_JSON);
  const weightsPath = join(dir, MODEL_WEIGHTS);
  const raw = readRegularFile(jsonPath, MAX_MODEL_JSON_BYTES);
  if (raw === null) throw new ModelFormatError(`${jsonPath}: missing; is this a clinreg model directory?`);
  const weights = readRegularFile(weightsPath, MAX_MODEL_WEIGHTS_BYTES);
  return modelFromBytes(raw.toString('utf8'), weights, { sha256, jsonName: jsonPath, weightsName: weightsPath });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
