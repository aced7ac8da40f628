// Public exports of recommend/.
export { getRegularisationConfig } from './regularisation-config.js';
export type {
  Architecture,
  DropoutPlacement,
  RecommendOptions,
  RecommendedLoss,
  ConfigNote,
  RegularisationConfig,
} from './regularisation-config.js';
export { buildMlp, buildModel } from './build-model.js';
export type { MlpOptions } from './build-model.js';
export { buildTransformer } from './build-transformer.js';
export type { BuildTransformerOptions } from './build-transformer.js';
