// Public exports of report/ (named re-exports only).
export { renderHtmlReport } from './html/document.js';
export type { RenderReportOptions } from './html/document.js';
export { writeReport } from './write-report.js';
export { renderChart } from './render-chart.js';
export type { Chart } from './render-chart.js';
export { escapeHtml } from './escape.js';
export { learningCurveChart } from './charts/learning-curve.js';
export type { LearningCurve } from './charts/learning-curve.js';
export { rocCurvesChart } from './charts/roc-curves.js';
export type { SiteRocCurve } from './charts/roc-curves.js';
export { forestPlotChart } from './charts/forest-plot.js';
export type { SiteAuc, PooledAuc } from './charts/forest-plot.js';
export { calibrationChart } from './charts/calibration.js';
export { ratioForestChart } from './charts/ratio-forest.js';
export type { SiteEstimate, PooledEstimate } from './charts/ratio-forest.js';
export { calibrationCurvesChart } from './charts/calibration-curves.js';
export type { SiteCalibrationCurve } from './charts/calibration-curves.js';
export { decisionCurvesChart } from './charts/decision-curves.js';
export type { SiteDecisionCurve } from './charts/decision-curves.js';
export type { CalibrationBin, CalibrationCurve } from './charts/calibration.js';
export { shiftHeatmapChart } from './charts/shift-heatmap.js';
export { missingnessHeatmapChart } from './charts/missingness-heatmap.js';
export type { SiteFeatureMatrix } from './charts/heatmap.js';
export { uncertaintyHistogramChart } from './charts/uncertainty-histogram.js';
export type { UncertaintyData } from './charts/uncertainty-histogram.js';
export type {
  ReportInput,
  DataSummary,
  ColumnSummary,
  SiteSummary,
  ShiftSection,
  RecommendationSection,
  RecommendedSetting,
  ValidationSection,
  SiteResult,
  NetBenefitPoint,
  CurveWithBand,
  MeasureSummary,
  Heterogeneity,
  Provenance,
} from './report-input.js';
export { updatingMarkdown, updatingReading, updatingLines } from './updating-text.js';
export type { UpdatingLine } from './updating-text.js';
