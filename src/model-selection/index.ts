// Public exports of model-selection/ (named re-exports only).
export { BaseCrossValidator, BaseKFold } from './base.js';
export type { CrossValidator, KFoldOptions, LabelArray, SampleSource, Split } from './base.js';
export { KFold } from './kfold.js';
export { StratifiedKFold } from './stratified-kfold.js';
export { GroupKFold } from './group-kfold.js';
export type { GroupKFoldOptions } from './group-kfold.js';
export { StratifiedGroupKFold } from './stratified-group-kfold.js';
export { LeaveOneGroupOut } from './leave-one-group-out.js';
export { TemporalSplit } from './temporal-split.js';
export type { TemporalSplitOptions } from './temporal-split.js';
