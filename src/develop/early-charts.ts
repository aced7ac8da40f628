// Parts of a run's report whose charts can be drawn before the run ends (DevelopWorkers.prerenderReport):
// a chart drawn early is used only when the final report asks for the same chart (id and spec).
import type { ShiftReport } from '../checks/index.js';
import type { ReportInput } from '../report/report-input.js';
import type { DevelopResult } from './develop-model.js';
import { shiftSection } from './report-sections.js';
import { finalLearningCurve, uncertaintyInput } from './to-report-input.js';

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
