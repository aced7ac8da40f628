// Loss modules and penalties (re-exported by nn/index.ts).
export { BCEWithLogitsLoss } from './bce-with-logits-loss.js';
export type { BCEWithLogitsLossOptions } from './bce-with-logits-loss.js';
export { CrossEntropyLoss } from './cross-entropy-loss.js';
export type { CrossEntropyLossOptions } from './cross-entropy-loss.js';
export { FocalLoss } from './focal-loss.js';
export type { FocalLossOptions } from './focal-loss.js';
export { MSELoss } from './mse-loss.js';
export type { MSELossLayerOptions } from './mse-loss.js';
export { l1Penalty, l2Penalty } from './penalties.js';
