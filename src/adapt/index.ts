// Public exports of adapt/: domain adaptation.
export { PerSiteStandardScaler } from './per-site-scaler.js';
export type { PerSiteStandardScalerOptions, SiteStats } from './per-site-scaler.js';
export { trainDann } from './dann.js';
export type { DannOptions, DannEpoch, DannResult } from './dann.js';
export { adaptationPlan, ADAPT_METHODS } from './adaptation-plan.js';
export type { AdaptMethod, AdaptationPlan, DannSettings } from './adaptation-plan.js';
export { adaptationFindings } from './adaptation-hurts.js';
