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
