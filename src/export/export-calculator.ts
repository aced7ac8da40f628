import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelFormatError, ValueError } from '../errors.js';
import { storedRanges } from '../conformal/feature-range.js';
import { storedSiteProfiles } from '../conformal/site-profile.js';
import { Dropout } from '../nn/dropout.js';
import type { CalculatorSpec } from '../browser/calculator/spec.js';
import { sha256 } from '../browser/sha256.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { modelFromBytes } from '../io/model-bytes.js';
import { loadModel, MODEL_JSON, MODEL_WEIGHTS } from '../io/model-file.js';
import { packageRoot } from '../package-root.js';
import { VERSION } from '../version.js';
import { calculatorPage } from './calculator-page.js';
import { fieldSpecs, rangesByFeature, type FeatureRange } from './field-specs.js';
import { modelCard } from './model-card.js';

/** The package root (src/, dist/ or the CLI bundle alike). */
const ROOT = packageRoot();
/** Where scripts/build-browser.mjs writes the calculator script, and build-kernels the wasm kernels. */
export const CALCULATOR_SCRIPT = join(ROOT, 'build', 'browser', 'calculator.js');
const WASM_SIMD = join(ROOT, 'build', 'wasm', 'kernels-simd.wasm');

/** Options of {@link calculatorHtml} and {@link exportCalculator}. */
export interface CalculatorOptions {
  /** Training range per feature (see `featureRanges`); default model.json `metadata.featureRanges` (stored by clinreg train), else none. */
  ranges?: Record<string, FeatureRange>;
  /** results.json of the training run; default the one in the model directory or beside it. */
  results?: unknown;
  /** Page title. Default `Risk of <outcome>`. */
  title?: string;
  /** Intended use and limits for the model card. Default: a statement of the generic limits. */
  intendedUse?: string;
  /** Units shown beside feature labels. */
  units?: Record<string, string>;
  /** MC-dropout passes of the interval. Default 30. */
  passes?: number;
  /** Seed of the passes. Default 0 (as `clinreg predict --mc`). */
  seed?: number;
  /** Embed the wasm SIMD kernels (default true when built); false runs the page on the TypeScript tier. */
  wasm?: boolean;
  /** Export date shown on the card (ISO date). Default today. */
  exported?: string;
}

/** A calculator page and what went into it. */
export interface CalculatorHtml {
  html: string;
  /** Where the training ranges came from: 'options', 'model' or null (none known). */
  rangesFrom: 'options' | 'model' | null;
  /** The results.json used for the model card, or null. */
  resultsFrom: string | null;
  wasm: boolean;
  /** Whether the model stores site profiles, so the page flags patients unlike every development site. */
  siteCheck: boolean;
}

/** Replace every training-row fingerprint (hashes of patients' feature values) by an empty one. */
function stripFingerprints(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripFingerprints);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const fp = v as { columns?: unknown; nRows?: unknown; hashes?: unknown } | null;
    const isFingerprint = typeof fp === 'object' && fp !== null && Array.isArray(fp.columns) && typeof fp.nRows === 'number' && typeof fp.hashes === 'string';
    if (isFingerprint && k === 'fitFingerprint') out[k] = { columns: fp.columns, nRows: 0, hashes: '' };
    else if (!isFingerprint) out[k] = stripFingerprints(v);
  }
  return out;
}

/** The model's stored site profiles; malformed ones make the model unreadable (the page would fail on them). */
function modelProfiles(modelDir: string, metadata: Record<string, unknown>): ReturnType<typeof storedSiteProfiles> {
  try {
    return storedSiteProfiles(metadata);
  } catch (e) {
    throw new ModelFormatError(`${join(modelDir, MODEL_JSON)}: ${(e as Error).message}`);
  }
}

/** results.json in the model directory, or beside it when its `model` field names this directory. */
function findResults(dir: string): { path: string; value: unknown } | null {
  for (const [path, inside] of [[join(dir, 'results.json'), true], [join(dirname(resolve(dir)), 'results.json'), false]] as const) {
    if (!existsSync(path)) continue;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    const model = (value as { model?: unknown } | null)?.model;
    if (inside || (typeof model === 'string' && basename(model) === basename(resolve(dir)))) return { path, value };
  }
  return null;
}

/**
 * The HTML of an offline risk calculator for a saved model: the model is loaded and checked as
 * `io.loadModel` does, embedded without its training-row fingerprints, and re-loaded from the
 * embedded bytes exactly as the page will load it, so an exported page never fails to start.
 * @param modelDir directory written by `clinreg train` (model.json + model.safetensors).
 * @param options ranges, results, title, intended use, units, interval settings.
 * @throws ModelFormatError for an unreadable, tampered or preprocessing-less model;
 *   ValueError when the calculator script has not been built, or a unit names no model feature.
 * @example const { html } = exporter.calculatorHtml('out/model', { ranges });
 */
export function calculatorHtml(modelDir: string, options: CalculatorOptions = {}): CalculatorHtml {
  const loaded = loadModel(modelDir);
  if (loaded.preprocessor === null || loaded.schema === null) {
    throw new ModelFormatError(`${modelDir}: the model has no preprocessing state or schema; the calculator needs a model saved by clinreg train.`);
  }
  // A unit for a name that is no feature would be dropped without a word (a typo, or a column the model never used).
  const unknownUnit = Object.keys(options.units ?? {}).find((f) => !loaded.preprocessor!.features.includes(f));
  if (unknownUnit !== undefined) {
    throw new ValueError(`export: a unit is given for '${unknownUnit}', which is not a feature of the model. Features: ${loaded.preprocessor.features.join(', ')}. Fix: name a feature (CLI --unit FEATURE=UNIT).`);
  }
  if (!existsSync(CALCULATOR_SCRIPT)) {
    throw new ValueError(`export: the calculator script ${CALCULATOR_SCRIPT} is not built. Fix: run \`npm run build\` (it runs scripts/build-browser.mjs).`);
  }
  const script = readFileSync(CALCULATOR_SCRIPT, 'utf8');
  const weights = readFileSync(join(modelDir, MODEL_WEIGHTS));
  const modelJson = JSON.stringify(stripFingerprints(JSON.parse(readFileSync(join(modelDir, MODEL_JSON), 'utf8'))));
  modelFromBytes(modelJson, weights, { sha256, jsonName: `${MODEL_JSON} (as embedded)` });
  const stored = storedRanges(loaded.metadata);
  const fromModel = stored === null ? null : rangesByFeature(stored);
  const ranges = options.ranges ?? fromModel ?? {};
  const found = options.results !== undefined ? { path: '(given)', value: options.results } : findResults(modelDir);
  const passes = options.passes ?? 30;
  if (!Number.isInteger(passes) || passes < 2) throw new ValueError(`export: passes (CLI --mc) must be an integer ≥ 2. Received: ${passes}.`);
  const spec: CalculatorSpec = {
    fields: fieldSpecs(loaded.preprocessor.features, loaded.preprocessor.categorical, JSON.parse(modelJson).preprocessing, ranges, options.units),
    passes,
    seed: options.seed ?? 0,
    percentiles: [10, 90],
    hasDropout: [...loaded.model.modules()].some((m) => m instanceof Dropout),
  };
  const useWasm = options.wasm !== false && existsSync(WASM_SIMD);
  const schema = loaded.schema;
  const meta = loaded.metadata;
  const profiles = modelProfiles(modelDir, meta);
  const card = modelCard({
    target: schema.target,
    ...(schema.positive !== undefined ? { positive: schema.positive } : {}),
    features: loaded.preprocessor.features,
    ...(found !== null ? { results: found.value } : {}),
    recalibration: loaded.recalibration,
    siteProfiles: profiles,
    ...(options.intendedUse !== undefined ? { intendedUse: options.intendedUse } : {}),
    ...(typeof meta['clinregVersion'] === 'string' ? { modelVersion: meta['clinregVersion'] } : {}),
    ...(typeof meta['created'] === 'string' ? { modelCreated: meta['created'].slice(0, 10) } : {}),
    exporterVersion: VERSION,
    exported: options.exported ?? new Date().toISOString().slice(0, 10),
  });
  const html = calculatorPage({
    title: options.title ?? `Risk of ${schema.target}${schema.positive !== undefined ? ` ${schema.positive}` : ''}`,
    spec,
    modelJson,
    weights,
    wasm: useWasm ? readFileSync(WASM_SIMD) : null,
    script,
    card,
  });
  return { html, rangesFrom: options.ranges !== undefined ? 'options' : fromModel !== null ? 'model' : null, resultsFrom: found?.path ?? null, wasm: useWasm, siteCheck: profiles !== null };
}

/**
 * Write an offline risk calculator for a saved model to `file` (atomically). See {@link calculatorHtml}.
 * @example await exporter.exportCalculator('out/model', 'calculator.html', { ranges });
 */
export async function exportCalculator(modelDir: string, file: string, options: CalculatorOptions = {}): Promise<CalculatorHtml> {
  const page = calculatorHtml(modelDir, options);
  await writeFileAtomic(file, page.html);
  return page;
}
