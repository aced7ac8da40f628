// Public exports of federated/: validation from per-site summaries (no row leaves a hospital).
export { summariseSites, CALIBRATION_BINS } from './site-summary.js';
export type { SummariseSitesOptions } from './site-summary.js';
export { summariseModel } from './summarise-model.js';
export type { SummariseModelOptions } from './summarise-model.js';
export { featureSummaries, HISTOGRAM_BINS, OTHER_LEVEL } from './feature-summary.js';
export { parseSiteSummary, siteSummaryFileSchema, MIN_CELL } from './summary-schema.js';
export type { SiteSummaryFile, SiteRecord, SuppressedSite, FeatureSummary, NumericFeatureSummary, CategoricalFeatureSummary, CalibrationBinSummary } from './summary-schema.js';
export { metaAnalyse } from './meta-analysis.js';
export type { MetaAnalyseOptions, MetaResult, MetaPooled } from './meta-analysis.js';
export { summaryShiftFindings } from './summary-shift.js';
export { metaReportInput } from './meta-report.js';
