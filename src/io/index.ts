// Public exports of io/ (named re-exports only).
export {};
export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
export { readSafetensors, SafetensorsMap } from './safetensors-read.js';
export { writeSafetensors } from './safetensors-write.js';
export type { TensorsInput } from './safetensors-write.js';
