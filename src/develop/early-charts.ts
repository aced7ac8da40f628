// Parts of a run's report whose charts can be drawn before the run ends (DevelopWorkers.prerenderReport):
// a chart drawn early is used only when the final report asks for the same chart (id and spec).
import type { ShiftReport } from '../checks/index.js';
import type { ReportInput } from '../report/report-input.js';
import { learningCurveChart } from '../report/charts/learning-curve.js';
import type { Chart } from '../report/render-chart.js';
import type { FoldOutcome } from '../validate/fold-engine.js';
import type { DevelopResult } from './develop-model.js';
import { learningCurve, shiftSection } from './report-sections.js';
import { finalLearningCurve, foldCurveLabel, uncertaintyInput } from './to-report-input.js';

// The report's sections without charts need no real data here: only the charts are drawn.
const NO_SUMMARY: ReportInput['summary'] = { source: '', nRows: 0, target: '', columns: [], sites: [] };

/** The shift section alone: its heatmaps (shift statistic by site, missingness by site). */
export function shiftChartsInput(shift: ShiftReport): ReportInput {
  return { summary: NO_SUMMARY, shift: shiftSection(shift) };
}

/**
 * The final model's charts: its learning curve (the report's first) and the MC-dropout histogram.
 * @param part the final step of a run and the data it ran on.
 */
export function finalChartsInput(part: Pick<DevelopResult, 'final' | 'uncertainty' | 'table' | 'rows' | 'schema' | 'y'>): ReportInput {
  return { summary: NO_SUMMARY, learningCurves: [finalLearningCurve(part.final)], uncertainty: uncertaintyInput(part, undefined) };
}

/**
 * A validation fold's learning-curve chart as the report draws it: the report's (index + 2)-th
 * learning curve when every fold before it has a history, as every trained fold has (otherwise the
 * report asks for another chart, and this one is not used). Null for a fold without a history.
 * @param scheme the validation scheme. @param outcome the fold's outcome. @param index its position in the scheme.
 */
export function foldLearningChart(scheme: string, outcome: FoldOutcome, index: number): { chart: Chart; id: string } | null {
  const { history, site } = outcome.fold;
  if (history === undefined) return null;
  return { chart: learningCurveChart(learningCurve(foldCurveLabel(scheme, site), history)), id: `chart-learning-${index + 2}` };
}
