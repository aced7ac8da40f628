// Public exports of adapt/: domain adaptation.
export { PerSiteStandardScaler } from './per-site-scaler.js';
export type { PerSiteStandardScalerOptions, SiteStats } from './per-site-scaler.js';
export { trainDann } from './dann.js';
export type { DannOptions, DannEpoch, DannResult } from './dann.js';
