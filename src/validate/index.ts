// Public exports of validate/.
export { evaluateCrossSite } from './cross-site.js';
export type { SitePredictions, CrossSiteOptions, SiteStatus, SiteResult, AucHeterogeneity, CrossSiteResult } from './cross-site.js';
export { randomEffectsMeta } from './heterogeneity.js';
export type { StudyEstimate, RandomEffectsResult } from './heterogeneity.js';
export { randomEffects } from './random-effects.js';
export type { RandomEffects, RandomEffectsOptions, TauMethod } from './random-effects.js';
export { studentTCdf, studentTQuantile } from '../stats/student-t.js';
export { leaveOneSiteOut } from './leave-one-site-out.js';
export type { LeaveOneSiteOutOptions, LosoFold, LosoResult } from './leave-one-site-out.js';
export { crossValidate, VALIDATION_SCHEMES } from './cross-validate.js';
export type { CrossValidateOptions, CrossValidateResult, ValidationScheme } from './cross-validate.js';
export { fitOnRows, stratifiedFifth } from './fit-rows.js';
export type { FitSettings, FitOnRowsOptions, FitOnRowsResult } from './fit-rows.js';
export { MIN_SITE_ROWS } from './fold-engine.js';
export type { FoldEngineOptions, FoldData, ValidationFold, CrossValidationResult } from './fold-engine.js';
export { trainingFingerprint, storedTrainingFingerprint, rowsInTraining, rowsInTrainingFinding, TRAINING_FINGERPRINT_KEY } from './rows-in-training.js';
export { trainingFingerprint, storedTrainingFingerprint, rowsInTraining, rowsInTrainingFinding, TRAINING_FINGERPRINT_KEY } from './rows-in-training.js';
