/**
 * clinreg for browsers (`clinreg/browser`): the engine without the file system. Tensors, nn, the
 * kernels a browser has (wasm SIMD via {@link useWasmKernels}, plain TypeScript otherwise), models
 * from bytes, preprocessing, CSV text, and risk prediction with MC-dropout intervals. Nothing
 * reachable from here imports a `node:` module (scripts/build-browser.mjs bundles it with
 * esbuild, platform=browser, and fails if anything does).
 */
export { ClinregError, ValueError, ShapeError, NotFittedError, DataError, ModelFormatError } from '../errors.js';
export { Generator, manualSeed, getGenerator } from '../stats/random.js';
export * from '../tensor/index.js';
export * as nn from '../nn/index.js';
export { kernels, setKernels } from '../kernels/kernels.js';
export type { Kernels } from '../kernels/kernels.js';
export { tsKernels } from '../kernels/ts-kernels.js';
export { useWasmKernels } from './wasm-tier.js';
export type { BrowserTier } from './wasm-tier.js';
export { modelFromBytes, MODEL_JSON, MODEL_WEIGHTS } from '../io/model-bytes.js';
export type { LoadedModel, ModelBytesOptions } from '../io/model-bytes.js';
export type { Recalibration } from '../io/recalibration.js';
export { parseSafetensors, SafetensorsMap } from '../io/safetensors-bytes.js';
export { sha256 } from './sha256.js';
export { Table } from '../data/table.js';
export { fromRows } from '../data/from-rows.js';
export type { Cell } from '../data/from-rows.js';
export { parseCsv } from '../data/csv-text.js';
export type { ReadCsvOptions } from '../data/csv-text.js';
export { TabularPreprocessor } from '../data/preprocessing/tabular-preprocessor.js';
export { mcDropoutPredict } from '../train/mc-dropout.js';
export type { McDropoutOptions, McDropoutResult } from '../train/mc-dropout.js';
export { loadModelBytes } from './load-model.js';
export { predictRisk, riskInterval, unlikeSites } from './risk.js';
export type { ScoringModel, RiskInterval, RiskIntervalOptions, UnlikeSitesCheck } from './risk.js';
export { storedSiteProfiles, flagUnlikeSites, SITE_PROFILES_KEY } from '../conformal/site-profile.js';
export type { SiteProfile, SiteProfiles } from '../conformal/site-profile.js';
