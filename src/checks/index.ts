// Public exports of checks/ (named re-exports only).
export { severityRank } from './finding.js';
export type { Finding, FindingCode, Severity } from './finding.js';
export { ksTest } from './stats/ks-test.js';
export { kolmogorovSf } from './stats/kolmogorov.js';
export type { KsTestOptions, KsTestResult, KsMethod } from './stats/ks-test.js';
export { wasserstein1d } from './stats/wasserstein.js';
export { psi, psiFromCounts } from './stats/psi.js';
export type { PsiOptions } from './stats/psi.js';
export { chiSquareTest, cramersV } from './stats/chi-square.js';
export type { ChiSquareOptions, ChiSquareResult } from './stats/chi-square.js';
export { benjaminiHochberg } from './stats/benjamini-hochberg.js';
export { standardisedMeanDifference } from './stats/standardised-mean-difference.js';
export { diagnoseOverfitting } from './overfitting.js';
export type { OverfittingOptions } from './overfitting.js';
