import type { MedianIqr } from '../update/updating-measures.js';
import type { ExperimentMethod, UpdatingExperimentResult, UpdatingExperimentRow } from '../update/updating-experiment.js';

/** Method names as the report writes them. */
export const METHOD_LABELS: Record<ExperimentMethod, string> = {
  intercept: 'intercept update',
  logistic: 'logistic recalibration',
  'closed-test': 'closed test',
};

/** One table line of the updating experiment: the model as developed, or one method after updating. */
export interface UpdatingLine {
  site: string;
  m: number;
  /** 'as developed' or a method label. */
  label: string;
  /** Patients evaluated on (the site less the m drawn). */
  nEvaluation: number;
  oe: MedianIqr;
  citl: MedianIqr;
  absCitl: MedianIqr;
  slope: MedianIqr;
  auc: MedianIqr;
  /** Levels applied, e.g. 'intercept 16, logistic 4' ('' for the model as developed). */
  levels: string;
}

/**
 * The experiment as table lines: per site and m, the model as developed on the evaluation rows,
 * then each method after updating (the same draws).
 */
export function updatingLines(u: UpdatingExperimentResult): UpdatingLine[] {
  const out: UpdatingLine[] = [];
  let last = '';
  for (const r of u.rows) {
    const key = `${r.site}\u0000${r.m}`;
    if (key !== last) {
      out.push({ site: r.site, m: r.m, label: 'as developed', nEvaluation: r.nEvaluation, ...pick(r.before), levels: '' });
      last = key;
    }
    const levels = Object.entries(r.levels).map(([k, v]) => `${k} ${v}`);
    if (r.notEstimable > 0) levels.push(`not estimable ${r.notEstimable}`);
    out.push({ site: r.site, m: r.m, label: METHOD_LABELS[r.method], nEvaluation: r.nEvaluation, ...pick(r.after), levels: levels.join(', ') });
  }
  return out;
}

function pick(p: UpdatingExperimentRow['before']): Pick<UpdatingLine, 'oe' | 'citl' | 'absCitl' | 'slope' | 'auc'> {
  return { oe: p.oe, citl: p.citl, absCitl: p.absCitl, slope: p.slope, auc: p.auc };
}

/** `median [q1, q3]` with `digits` decimals; '–' when undefined. */
export function medianText(x: MedianIqr, digits = 2): string {
  if (x.median === null) return '–';
  return x.iqr === null ? x.median.toFixed(digits) : `${x.median.toFixed(digits)} [${x.iqr[0].toFixed(digits)}, ${x.iqr[1].toFixed(digits)}]`;
}

/**
 * The experiment read against issue 16's goal, in plain sentences: per method, at how many sites
 * median |CITL| < 0.2 and median O:E within [0.8, 1.25] at m = 50; then how large evaluation noise
 * alone makes |CITL| (the median standard error of CITL on the evaluation rows).
 */
export function updatingReading(u: UpdatingExperimentResult): string[] {
  const g = u.goal;
  if (g === null) return [`No reading against the goal: m = 50 is not among the sizes (${u.sizes.join(', ')}).`];
  const parts = g.methods.map((x) => `${METHOD_LABELS[x.method]} at ${x.met.length} of ${x.assessed.length} site${x.assessed.length === 1 ? '' : 's'}${x.met.length > 0 ? ` (${x.met.join(', ')})` : ''}`);
  const lines = [
    `Goal at m = ${g.m} (median |CITL| < ${g.maxAbsCitl} and median O:E within [${g.oeRange[0]}, ${g.oeRange[1]}] after updating): met by ${parts.join('; ')}.`,
  ];
  const noise = u.rows
    .filter((r) => r.m === g.m && r.method === 'intercept' && r.before.citlSe.median !== null && r.updateSe.median !== null)
    .map((r) => {
      const ev = r.before.citlSe.median!;
      const up = r.updateSe.median!;
      return `${r.site} ${up.toFixed(2)} and ${ev.toFixed(2)} (≈ ${(0.6745 * Math.hypot(ev, up)).toFixed(2)})`;
    });
  if (noise.length > 0) {
    lines.push(
      `Noise alone: an intercept estimated from m = ${g.m} patients and CITL measured on the rest have median standard errors of ${noise.join('; ')}; ` +
        `even a perfect update leaves a median |CITL| of about 0.67 × √(SE_update² + SE_evaluation²), the figure in brackets, so the |CITL| < ${g.maxAbsCitl} goal is out of reach where it exceeds ${g.maxAbsCitl}.`,
    );
  }
  return lines;
}

/**
 * The experiment as a Markdown document: what was done, the table, the reading against the goal,
 * the skipped site × m combinations and the notes.
 * @param u the experiment (`update.updatingExperiment`, or `DevelopResult.updating`).
 * @param title the heading.
 */
export function updatingMarkdown(u: UpdatingExperimentResult, title: string): string {
  const lines = updatingLines(u).map(
    (l) => `| ${l.site} | ${l.m} | ${l.label} | ${l.nEvaluation} | ${medianText(l.oe)} | ${medianText(l.citl)} | ${medianText(l.absCitl)} | ${medianText(l.slope)} | ${medianText(l.auc, 3)} | ${l.levels} |`,
  );
  return [
    `# ${title}`,
    '',
    updatingMethodText(u),
    '',
    '| site | m | model | evaluation rows | O:E | CITL | abs(CITL) | slope | AUC | levels applied (of repeats) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...lines,
    '',
    ...updatingReading(u).map((s) => `- ${s}`),
    ...u.skipped.map((s) => `- Skipped: ${s.site}, m = ${s.m}: ${s.reason}.`),
    ...u.notes.map((s) => `- Note: ${s}.`),
    ...conformalMarkdown(u),
    '',
  ].join('\n');
}

/** What the experiment did, in one paragraph (shared by the report section and the Markdown). */
export function updatingMethodText(u: UpdatingExperimentResult): string {
  return (
    `For every held-out site, m ∈ {${u.sizes.join(', ')}} of its patients were drawn at random ${u.repeats} times (seed ${u.seed ?? 'from the global generator'}); ` +
    `the model that never saw the site was updated on them by intercept update, logistic recalibration, and the closed test's choice among original, intercept and logistic (Vergouwe et al. 2017, α = ${u.alpha}), ` +
    `then evaluated on the rest of the site. Cells are medians [interquartile range] over the draws; 'as developed' is the model before updating on the same rows. ` +
    `CITL = intercept of glm(y ~ offset(logit)), slope = glm(y ~ logit). An m leaving fewer than ${u.minEvaluationRows} patients to evaluate on is skipped. ` +
    'The table covers the recalibration levels; re-estimating the output layer or fine-tuning needs each fold\'s network and is not part of it (clinreg update does both on a saved model).'
  );
}

/**
 * One terminal line on the updating experiment: the reading at m = 50 (or why there is none) and
 * where the table is.
 * @param u the experiment. @param where where the table is, e.g. 'report.html'.
 */
export function updatingSummaryLine(u: UpdatingExperimentResult, where: string): string {
  if (u.rows.length === 0) return `Updating experiment: every site × m skipped (fewer than ${u.minEvaluationRows} patients left to evaluate on); see ${where}.`;
  return `Updating experiment (${u.repeats} draws per site and m = ${u.sizes.join(', ')}; table in ${where}): ${updatingReading(u)[0]!}`;
}

/** What the local prediction-set check is, in one sentence. */
export function conformalText(alpha: number): string {
  return (
    `Site-aware uncertainty with the same draws: split-conformal prediction sets (score 1 − p of the true outcome; Mondrian by site) ` +
    `calibrated on the m local patients of the model as developed, checked on the rest of the site: coverage should be at least ${(1 - alpha).toFixed(2)}; ` +
    'the share of {0,1} sets says how often the model cannot decide at that level.'
  );
}

function conformalMarkdown(u: UpdatingExperimentResult): string[] {
  const c = u.conformal;
  if (c.length === 0) return [];
  return [
    '',
    conformalText(c[0]!.alpha),
    '',
    `| site | m | coverage (target ≥ ${(1 - c[0]!.alpha).toFixed(2)}) | share of {0,1} sets |`,
    '|---|---|---|---|',
    ...c.map((r) => `| ${r.site} | ${r.m} | ${medianText(r.coverage, 3)} | ${medianText(r.shareBoth, 3)} |`),
    '',
  ];
}
