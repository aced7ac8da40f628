// Public exports of io/ (named re-exports only).
export {};
export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
export { readSafetensors, SafetensorsMap } from './safetensors-read.js';
export { writeSafetensors } from './safetensors-write.js';
export type { TensorsInput } from './safetensors-write.js';
export { saveModel, loadModel, MODEL_JSON, MODEL_WEIGHTS } from './model-file.js';
export type { SaveModelInput, LoadedModel } from './model-file.js';
export { modelFromBytes } from './model-bytes.js';
export type { ModelBytesOptions } from './model-bytes.js';
export { describeArchitecture, buildArchitecture, parseArchitecture, architectureSchema } from './architecture.js';
export type { LayerSpec } from './architecture.js';
export { replaceDirAtomic } from './atomic-dir.js';
export type { Recalibration } from './recalibration.js';
