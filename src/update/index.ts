// Public exports of update/ (model updating for a new site; named re-exports only).
export { applyRecalibration } from './apply-recalibration.js';
export { fitLogisticGlm } from './logistic-glm.js';
export type { LogisticGlmFit, LogisticGlmOptions } from './logistic-glm.js';
export { interceptUpdate, logisticRecalibration, originalLogLik } from './recalibrate.js';
export type { RecalibrationFit } from './recalibrate.js';
export { refitOutputLayer } from './output-layer.js';
export type { OutputLayerFit, OutputLayerOptions } from './output-layer.js';
export { closedTest } from './closed-test.js';
export type { UpdateLevel, LevelFit, ClosedTestStep, ClosedTestResult } from './closed-test.js';
export { modelView } from './model-logits.js';
export type { ModelView } from './model-logits.js';
export { fineTune } from './fine-tune.js';
export type { FineTuneOptions, FineTuneResult } from './fine-tune.js';
export { updateModel } from './update-model.js';
export type { UpdateMethod, UpdateOptions, UpdateResult } from './update-model.js';
export { applyUpdate, saveUpdatedModel } from './apply-update.js';
