// Public exports of optim/ (named re-exports only).
export { Optimizer } from './optimizer.js';
export type {
  BaseHyperParams,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupSpec,
  ParamsInput,
  ParamState,
  ZeroGradOptions,
} from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDHyperParams, SGDOptions } from './sgd.js';
export { Adam } from './adam.js';
export type { AdamHyperParams, AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
export { LRScheduler } from './lr-scheduler.js';
export type { LRSchedulerStateDict } from './lr-scheduler.js';
export { CosineAnnealingLR } from './cosine-annealing-lr.js';
export type { CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauOptions, ReduceLROnPlateauStateDict } from './reduce-lr-on-plateau.js';
export { paramGroupsWithoutDecay } from './param-groups.js';
export type { DecayParamGroups, ParamGroupsWithoutDecayOptions } from './param-groups.js';
