import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ClinregError, ModelFormatError } from '../errors.js';
import { TabularPreprocessor } from '../data/preprocessing/tabular-preprocessor.js';
import type { Schema } from '../data/schema.js';
import type { AnyModule } from '../nn/module.js';
import type { TensorModule } from '../nn/sequential.js';
import { VERSION } from '../version.js';
import { buildArchitecture, describeArchitecture, parseArchitecture, stateSize, type LayerSpec } from './architecture.js';
import { replaceDirAtomic } from './atomic-dir.js';
import { writeFileAtomicSync } from './atomic-write.js';
import { checkRecalibration, recalibrationSchema, toRecalibration, type Recalibration } from './recalibration.js';
import { readSafetensors } from './safetensors-read.js';
import { writeSafetensors } from './safetensors-write.js';

/** The two files of a saved model. */
export const MODEL_JSON = 'model.json';
export const MODEL_WEIGHTS = 'model.safetensors';
const MAX_JSON_BYTES = 64 * 1024 * 1024;

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

/** What `loadModel` returns. */
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

const fileSchema = z.object({
  format: z.literal('clinreg.model'),
  version: z.literal(1),
  architecture: z.unknown(),
  preprocessing: z.unknown().nullable(),
  schema: schemaSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  weights: z.object({ file: z.literal(MODEL_WEIGHTS), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  recalibration: recalibrationSchema.optional(),
}).strict();

/**
 * Save a model as a directory with `model.safetensors` (weights and buffers, PyTorch state-dict
 * keys) and `model.json` (architecture, preprocessing state, schema, metadata incl. clinreg
 * version and creation time, and the SHA-256 of the weights). Atomic: both files are written into
 * a temporary sibling directory that replaces `dir` in one rename, so an interrupted save leaves
 * either the old model or the new one, never half of one.
 * @throws ValueError when the architecture cannot be described (custom modules: pass `architecture`).
 * @example saveModel('out/model', { model, preprocessor, schema, metadata: { seed: 0 } });
 */
export function saveModel(dir: string, input: SaveModelInput): void {
  const architecture = input.architecture ?? describeArchitecture(input.model);
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
 * Load a model saved by `saveModel`. Nothing in the files is executed: model.json is parsed as
 * data and validated field by field (zod), the architecture is rebuilt from known layer types,
 * the weights' SHA-256 must match, the safetensors header is validated before any allocation, and
 * every tensor must have the shape the architecture expects.
 * @throws ModelFormatError (code E_MODEL_FORMAT) for a missing, corrupted, tampered or
 *   mismatching file, naming the file and the field.
 * @example const { model, preprocessor } = loadModel('out/model');
 */
export function loadModel(dir: string): LoadedModel {
  const jsonPath = join(dir, MODEL_JSON);
  const weightsPath = join(dir, MODEL_WEIGHTS);
  const raw = readBounded(jsonPath);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new ModelFormatError(`${jsonPath}: not valid JSON (${(e as Error).message}).`);
  }
  const r = fileSchema.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ModelFormatError(`${jsonPath}: invalid field '${issue.path.join('.') || '(root)'}': ${issue.message}.`);
  }
  const file = r.data;
  const architecture = parseArchitecture(file.architecture, jsonPath);
  let preprocessor: TabularPreprocessor | null = null;
  if (file.preprocessing !== null) {
    try {
      preprocessor = TabularPreprocessor.fromJSON(file.preprocessing);
    } catch (e) {
      throw new ModelFormatError(`${jsonPath}: invalid preprocessing state: ${(e as Error).message}`);
    }
  }
  if (!existsSync(weightsPath)) throw new ModelFormatError(`${weightsPath}: missing; a model directory needs ${MODEL_JSON} and ${MODEL_WEIGHTS}.`);
  const bytes = readFileSync(weightsPath);
  if (sha256(bytes) !== file.weights.sha256) {
    throw new ModelFormatError(`${weightsPath}: SHA-256 does not match the one recorded in ${MODEL_JSON}; the weights were changed or corrupted.`);
  }
  const tensors = readSafetensors(bytes);
  let stored = 0;
  for (const t of tensors.values()) stored += t.size;
  const expected = stateSize(architecture);
  if (expected !== stored) {
    throw new ModelFormatError(`${weightsPath}: holds ${stored} values but the architecture in ${MODEL_JSON} needs ${expected}.`);
  }
  const model = buildArchitecture(architecture);
  try {
    model.loadStateDict(tensors, { strict: true });
  } catch (e) {
    if (e instanceof ClinregError) throw new ModelFormatError(`${weightsPath}: does not fit the architecture in ${MODEL_JSON}: ${e.message}`);
    throw e;
  }
  model.eval();
  const schema = (file.schema ?? null) as Schema | null;
  const recalibration = file.recalibration ? toRecalibration(file.recalibration) : null;
  return { model, architecture, preprocessor, schema, metadata: file.metadata, recalibration };
}

function readBounded(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new ModelFormatError(`${path}: missing; is this a clinreg model directory?`);
  }
  if (size > MAX_JSON_BYTES) throw new ModelFormatError(`${path}: ${size} bytes exceeds the ${MAX_JSON_BYTES}-byte limit for model.json.`);
  return readFileSync(path, 'utf8');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
