// A saved model from its two files' contents (model.json text, model.safetensors bytes): no file
// system, so the browser build loads models the same way `loadModel` does in Node.
import * as z from 'zod';
import { ClinregError, ModelFormatError } from '../errors.js';
import { TabularPreprocessor } from '../data/preprocessing/tabular-preprocessor.js';
import type { Schema } from '../data/schema.js';
import type { TensorModule } from '../nn/sequential.js';
import { buildArchitecture, parseArchitecture, stateSize, type LayerSpec } from './architecture.js';
import { recalibrationSchema, toRecalibration, type Recalibration } from './recalibration.js';
import { parseSafetensors } from './safetensors-bytes.js';
import { jsonDepthExceeds, MAX_MODEL_JSON_DEPTH } from './json-depth.js';
import { stateProblem } from './state-check.js';

/** The two files of a saved model. */
export const MODEL_JSON = 'model.json';
export const MODEL_WEIGHTS = 'model.safetensors';

/** What `loadModel` and `modelFromBytes` return. */
export interface LoadedModel {
  /** The rebuilt model with its weights, in eval mode. */
  model: TensorModule;
  architecture: LayerSpec;
  preprocessor: TabularPreprocessor | null;
  schema: Schema | null;
  metadata: Record<string, unknown>;
  /** Stored logit recalibration (model.json `recalibration`), or null when the model has none. */
  recalibration: Recalibration | null;
}

const schemaSchema = z.object({
  target: z.string(),
  positive: z.string().optional(),
  site: z.string().optional(),
  patient: z.string().optional(),
  time: z.string().optional(),
  split: z.string().optional(),
  features: z.array(z.string()).max(100_000),
  categorical: z.array(z.string()).max(100_000),
}).strict();

/** zod schema of model.json. */
export const modelFileSchema = z.object({
  format: z.literal('clinreg.model'),
  version: z.literal(1),
  architecture: z.unknown(),
  preprocessing: z.unknown().nullable(),
  schema: schemaSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  weights: z.object({ file: z.literal(MODEL_WEIGHTS), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  recalibration: recalibrationSchema.optional(),
}).strict();

/** Options of {@link modelFromBytes}. */
export interface ModelBytesOptions {
  /** SHA-256 of bytes as 64 lowercase hex digits (node:crypto in Node, a pure-TS digest in a browser). */
  sha256: (bytes: Uint8Array) => string;
  /** How error messages name model.json. Default `'model.json'`. */
  jsonName?: string;
  /** How error messages name the weights. Default `'model.safetensors'`. */
  weightsName?: string;
}

/**
 * Rebuild a saved model from the contents of its files. Nothing is executed: model.json is parsed
 * as data and validated field by field (zod), the architecture is rebuilt from known layer types,
 * the weights' SHA-256 must match the recorded one, the safetensors header is validated before
 * any allocation, every tensor must have the shape the architecture expects, and every value must
 * be finite (BatchNorm running variances non-negative). model.json may nest at most
 * {@link MAX_MODEL_JSON_DEPTH} levels.
 * @param jsonText the text of model.json.
 * @param weights the bytes of model.safetensors, or null when the file is missing.
 * @param options the digest and the names to use in messages.
 * @throws ModelFormatError (code E_MODEL_FORMAT) for a missing, corrupted, tampered or
 *   mismatching file, naming the file and the field.
 * @example const { model, preprocessor } = io.modelFromBytes(jsonText, weightBytes, { sha256 });
 */
export function modelFromBytes(jsonText: string, weights: Uint8Array | null, options: ModelBytesOptions): LoadedModel {
  const jsonName = options.jsonName ?? MODEL_JSON;
  const weightsName = options.weightsName ?? MODEL_WEIGHTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (e) {
    throw new ModelFormatError(`${jsonName}: not valid JSON (${(e as Error).message}).`);
  }
  // Checked iteratively before the recursive schema walk, which a 20,000-deep nesting would overflow.
  if (jsonDepthExceeds(parsed, MAX_MODEL_JSON_DEPTH)) {
    throw new ModelFormatError(`${jsonName}: nested deeper than ${MAX_MODEL_JSON_DEPTH} levels; no clinreg model needs that.`);
  }
  const r = modelFileSchema.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ModelFormatError(`${jsonName}: invalid field '${issue.path.join('.') || '(root)'}': ${issue.message}.`);
  }
  const file = r.data;
  const architecture = parseArchitecture(file.architecture, jsonName);
  let preprocessor: TabularPreprocessor | null = null;
  if (file.preprocessing !== null) {
    try {
      preprocessor = TabularPreprocessor.fromJSON(file.preprocessing);
    } catch (e) {
      throw new ModelFormatError(`${jsonName}: invalid preprocessing state: ${(e as Error).message}`);
    }
  }
  if (weights === null) throw new ModelFormatError(`${weightsName}: missing; a model directory needs ${MODEL_JSON} and ${MODEL_WEIGHTS}.`);
  if (options.sha256(weights) !== file.weights.sha256) {
    throw new ModelFormatError(`${weightsName}: SHA-256 does not match the one recorded in ${MODEL_JSON}; the weights were changed or corrupted.`);
  }
  const tensors = parseSafetensors(weights, 'readSafetensors');
  let stored = 0;
  for (const t of tensors.values()) stored += t.size;
  const expected = stateSize(architecture);
  if (expected !== stored) {
    throw new ModelFormatError(`${weightsName}: holds ${stored} values but the architecture in ${MODEL_JSON} needs ${expected}.`);
  }
  const problem = stateProblem(tensors);
  if (problem !== undefined) throw new ModelFormatError(`${weightsName}: ${problem}; a model with such weights can only predict NaN.`);
  const model = buildArchitecture(architecture);
  try {
    model.loadStateDict(tensors, { strict: true });
  } catch (e) {
    if (e instanceof ClinregError) throw new ModelFormatError(`${weightsName}: does not fit the architecture in ${MODEL_JSON}: ${e.message}`);
    throw e;
  }
  model.eval();
  const schema = (file.schema ?? null) as Schema | null;
  const recalibration = file.recalibration ? toRecalibration(file.recalibration) : null;
  return { model, architecture, preprocessor, schema, metadata: file.metadata, recalibration };
}
