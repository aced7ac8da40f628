import type { Finding } from '../checks/finding.js';
import type { CalibrationCurve } from './charts/calibration.js';
import type { PooledAuc } from './charts/forest-plot.js';
import type { SiteFeatureMatrix } from './charts/heatmap.js';
import type { LearningCurve } from './charts/learning-curve.js';
import type { SiteRocCurve } from './charts/roc-curves.js';
import type { UncertaintyData } from './charts/uncertainty-histogram.js';
import type { UpdatingExperimentResult } from '../update/updating-experiment.js';

/** One input column of the data summary. */
export interface ColumnSummary {
  /** Column name as in the file. */
  name: string;
  /** Role from the schema. */
  role: 'target' | 'site' | 'patient' | 'time' | 'split' | 'feature' | 'ignored';
  /** Parsed type. */
  kind: 'numeric' | 'categorical' | 'date';
  /** Number of missing values. */
  missing: number;
  /** Number of distinct levels (categorical columns). */
  levels?: number;
}

/** Patients and events at one site. */
export interface SiteSummary {
  /** Site name. */
  site: string;
  /** Patients (rows). */
  n: number;
  /** Rows with the event (target positive). */
  events: number;
  /** Rows without the event. */
  nonEvents: number;
}

/** What the data are: file, size, target, columns and sites. */
export interface DataSummary {
  /** File path or description of the data. */
  source: string;
  /** Number of rows. */
  nRows: number;
  /** Target column. */
  target: string;
  /** Rule that made the target binary (e.g. `'>0'`), if any. */
  positive?: string;
  /** Site column, if any. */
  site?: string;
  /** Every column with its role, type and missing count. */
  columns: readonly ColumnSummary[];
  /** Per-site counts (empty without a site column). */
  sites: readonly SiteSummary[];
}

/** Domain-shift diagnosis across sites. */
export interface ShiftSection {
  /** Findings of the shift checks (`feature-shift`, `missingness-shift`, …). */
  findings: readonly Finding[];
  /** Site × feature shift statistic, if computed. */
  matrix?: SiteFeatureMatrix;
  /** Name of the statistic in `matrix`. Default `'KS statistic D'`. */
  statistic?: string;
  /** Colour domain of `matrix` (values beyond it get the end colour). Default [0, max(1, largest)]. */
  domain?: readonly [number, number];
  /** Site × feature fraction of missing values. */
  missingness?: SiteFeatureMatrix;
}

/** One recommended setting and why. */
export interface RecommendedSetting {
  /** Setting name, e.g. `'dropout'` or `'weightDecay'`. */
  name: string;
  /** Its value. */
  value: string | number | boolean;
  /** The reason, in a sentence. */
  reason: string;
}

/** The regularisation configuration the recommender chose. */
export interface RecommendationSection {
  /** Architecture the recommendation is for. */
  arch: string;
  /** Training rows the recommendation assumed. */
  nRows: number;
  /** Event rate assumed, if given. */
  positiveRate?: number;
  /** Settings with reasons, in display order. */
  settings: readonly RecommendedSetting[];
  /** Further notes (caveats, sources). */
  notes?: readonly string[];
}

/** Cross-site validation result of one site (the CLI's `--json` `sites[]` shape). */
export interface SiteResult {
  /** Site name. */
  site: string;
  /** Patients scored. */
  n: number;
  /** Events among them. */
  events: number;
  /** Non-events among them. */
  nonEvents: number;
  /** AUC, null when undefined (one class). */
  auc: number | null;
  /** 95 % DeLong CI, null when undefined. */
  ci: readonly [number, number] | null;
  /** Status word, e.g. `'ok'`, `'underpowered'`, `'single-class'`, `'underperforming'`. */
  status: string;
  /** Observed:expected ratio with its 95 % CI (validate.SiteResult), when computed. */
  oe?: number | null;
  oeCi?: readonly [number, number] | null;
  /** Calibration-in-the-large with its CI. */
  citl?: number | null;
  citlCi?: readonly [number, number] | null;
  /** Calibration slope with its CI. */
  slope?: number | null;
  slopeCi?: readonly [number, number] | null;
  /** Integrated calibration index (Austin & Steyerberg 2019). */
  ici?: number | null;
  /** Scaled Brier score. */
  scaledBrier?: number | null;
  /** Decision curve of the site. */
  netBenefit?: readonly NetBenefitPoint[];
  /** lowess calibration curve with its band. */
  calibrationCurve?: CurveWithBand | null;
}

/** Net benefit of the model and of treating all at one threshold (treat-none is 0). */
export interface NetBenefitPoint {
  threshold: number;
  model: number;
  treatAll: number;
}

/** A smoothed calibration curve on a grid with an optional pointwise band. */
export interface CurveWithBand {
  predicted: readonly number[];
  observed: readonly number[];
  lower: readonly number[] | null;
  upper: readonly number[] | null;
}

/** A random-effects summary across sites (validate.CrossSiteSummary). */
export interface MeasureSummary {
  /** 'auc', 'oe', 'citl' or 'slope'. */
  measure: string;
  /** τ² estimator, e.g. 'REML'. */
  method: string;
  /** Interval method, e.g. 'knha'. */
  test?: string;
  k: number;
  estimate: number;
  ci: readonly [number, number];
  tau2: number;
  i2: number;
  predictionInterval: readonly [number, number] | null;
  /** Set when k < 5. */
  warning?: string | null;
}

/** Between-site heterogeneity of the AUC (random-effects meta-analysis). */
export interface Heterogeneity {
  /** Between-site variance τ². */
  tau2?: number;
  /** I² in [0, 1]. */
  i2?: number;
  /** Cochran's Q. */
  q?: number;
  /** p-value of Q. */
  pValue?: number;
}

/** Site-by-site validation of a model. */
export interface ValidationSection {
  /** How sites were held out, e.g. `'leave-one-site-out'`. */
  scheme: string;
  /** Per-site results, in display order. */
  sites: readonly SiteResult[];
  /** Pooled AUC with CI and new-hospital prediction interval. */
  pooled?: PooledAuc;
  /** Heterogeneity statistics. */
  heterogeneity?: Heterogeneity;
  /** Per-site ROC curves. */
  roc: readonly SiteRocCurve[];
  /** Validation findings (`site-underpowered`, `site-single-class`, `overfitting-gap`, …). */
  findings: readonly Finding[];
  /** Random-effects summaries of AUC, O:E, CITL and slope (validate.CrossSiteResult.summaries). */
  summaries?: readonly MeasureSummary[];
  /** Decision curve of all rows together. */
  pooledNetBenefit?: readonly NetBenefitPoint[];
  /** Calibration curve of all rows together. */
  pooledCalibrationCurve?: CurveWithBand | null;
  /** Threshold whose net benefit the at-a-glance table shows (nearest grid point). Default 0.2. */
  netBenefitThreshold?: number;
  /** The same validation repeated with domain adaptation, site by site (train --adapt). */
  adaptation?: AdaptationComparison;
}

/** Validation without and with domain adaptation, per site and pooled (AUC with 95 % CI). */
export interface AdaptationComparison {
  /** 'per-site-norm' or 'dann'. */
  method: string;
  sites: readonly { site: string; auc: number | null; ci: readonly [number, number] | null; adaptedAuc: number | null; adaptedCi: readonly [number, number] | null }[];
  /** Random-effects summary AUC without and with adaptation (null below two sites). */
  pooled: { auc: number | null; adaptedAuc: number | null };
  /** `adaptation-hurts` findings. */
  findings: readonly Finding[];
}

/** Where and how the report was produced (shown in the footer). */
export interface Provenance {
  /** clinreg version. */
  clinregVersion?: string;
  /** Node.js version. */
  node?: string;
  /** Kernel tier that ran (native, wasm, ts). */
  kernelTier?: string;
  /** Random seed. */
  seed?: number;
  /** Command line that produced the report. */
  command?: string;
}

/**
 * Everything the HTML report shows, as plain data. `summary` is required; every other section is
 * optional and is shown as "not run" when absent. The CLI's `demo` and `train` commands fill it
 * from the public API's results.
 */
export interface ReportInput {
  /** Document title. Default `'clinreg report'`. */
  title?: string;
  /** ISO timestamp shown in the header (omitted when absent, keeping output reproducible). */
  generatedAt?: string;
  /** Data summary. */
  summary: DataSummary;
  /** Leakage audit findings. */
  leakage?: readonly Finding[];
  /** Domain shift across sites. */
  shift?: ShiftSection;
  /** Recommended regularisation configuration with reasons. */
  recommendation?: RecommendationSection;
  /** Learning curves of the trained model(s). */
  learningCurves?: readonly LearningCurve[];
  /** Site-by-site validation. */
  validation?: ValidationSection;
  /** Calibration curves. */
  calibration?: readonly CalibrationCurve[];
  /** MC-dropout uncertainty of the final model's predictions. */
  uncertainty?: UncertaintyData;
  /** The leave-one-site-out updating experiment (`DevelopResult.updating`); the section is left out when absent. */
  updating?: UpdatingExperimentResult;
  /** Versions and settings for the footer. */
  provenance?: Provenance;
}
