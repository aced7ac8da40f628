// Public exports of metrics/ (named re-exports only).
export { rocAucScore } from './roc-auc.js';
export { rocCurve } from './roc-curve.js';
export type { RocCurve, RocCurveOptions } from './roc-curve.js';
export { averagePrecision } from './average-precision.js';
export { brierScore } from './brier.js';
export { calibrationCurve, expectedCalibrationError } from './calibration-curve.js';
export type { CalibrationBinOptions, CalibrationCurve } from './calibration-curve.js';
export { calibrationSlopeIntercept } from './calibration-slope.js';
export type { CalibrationSlopeIntercept, CalibrationSlopeOptions } from './calibration-slope.js';
export { thresholdMetrics, youdenThreshold } from './threshold.js';
export type { ThresholdMetrics, ThresholdOptions, YoudenPoint } from './threshold.js';
export { delongCi, delongTest } from './delong.js';
export type { DelongCi, DelongOptions, DelongTest } from './delong.js';
export { bootstrapCi } from './bootstrap.js';
export type { BootstrapCi, BootstrapOptions } from './bootstrap.js';
export { METRICS, getMetric } from './registry.js';
export type { BinaryMetric, MetricDirection, MetricName, MetricSpec } from './registry.js';
