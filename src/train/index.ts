// Public exports of train/.
export { fit } from './fit.js';
export type { FitOptions, LossLike, Augment, Callback } from './fit.js';
export type { History, EpochLog, StopReason, NonFiniteAt } from './history.js';
export { EarlyStopping } from './early-stopping.js';
export type { EarlyStoppingOptions } from './early-stopping.js';
export { resolveMonitor } from './monitor.js';
export type { Monitor, Direction } from './monitor.js';
export { mcDropoutPredict } from './mc-dropout.js';
export type { McDropoutOptions, McDropoutResult } from './mc-dropout.js';
export { gaussianNoise, mixup, composeAugment } from './augmentation.js';
export { randomHorizontalFlip, randomCrop, intensityJitter } from './image-augmentation.js';
export { clipGradNorm } from './clip-grad.js';
export { posWeightFromPrevalence, balancedClassWeights } from './class-weights.js';
export { snapshotWeights, restoreWeights } from './weights.js';
export type { WeightsSnapshot } from './weights.js';
export type { ProgressMode } from './progress.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint.js';
export type { TrainingCheckpoint, StopperState } from './checkpoint.js';
