// Public exports of validate/.
export { evaluateCrossSite } from './cross-site.js';
export type { SitePredictions, CrossSiteOptions, SiteStatus, SiteResult, AucHeterogeneity, CrossSiteResult } from './cross-site.js';
export { randomEffectsMeta } from './heterogeneity.js';
export type { StudyEstimate, RandomEffectsResult } from './heterogeneity.js';
export { studentTCdf, studentTQuantile } from '../stats/student-t.js';
export { leaveOneSiteOut, stratifiedFifth } from './leave-one-site-out.js';
export type { LeaveOneSiteOutOptions, LosoFold, LosoResult, FoldData } from './leave-one-site-out.js';
export { crossValidate } from './cross-validate.js';
export type { CrossValidateOptions, ValidationScheme } from './cross-validate.js';
