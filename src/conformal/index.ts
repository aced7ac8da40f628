// Public exports of conformal/: site-aware uncertainty (conformal sets, MC-dropout error check, out-of-range flags).
export { setLabel, summariseSets } from './prediction-sets.js';
export type { BinarySet, SetSummary } from './prediction-sets.js';
export { splitConformal, predictSets, mondrianConformal, predictSetsByGroup } from './split-conformal.js';
export type { SplitConformal, MondrianConformal } from './split-conformal.js';
export { weightedConformal } from './weighted-conformal.js';
export type { WeightedConformalOptions, WeightedConformalResult } from './weighted-conformal.js';
export { densityRatioWeights } from './density-ratio.js';
export type { DensityRatioOptions, DensityRatioWeights } from './density-ratio.js';
export { uncertaintyErrorAuc, mostUncertain } from './uncertainty-error.js';
export type { UncertaintyErrorGroup } from './uncertainty-error.js';
export { trainingRanges, storedRanges, flagOutOfRange, FEATURE_RANGES_KEY } from './feature-range.js';
export type { FeatureRange, OutOfRangeRow } from './feature-range.js';
export { siteProfiles, siteProfilesOfTable, storedSiteProfiles, flagUnlikeSites, SITE_PROFILES_KEY } from './site-profile.js';
export type { SiteProfile, SiteProfiles } from './site-profile.js';
