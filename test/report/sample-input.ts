// A complete, realistic ReportInput (four hospitals) for the report tests. Not a test file.
import { Generator, report, type Finding } from '../../src/index.js';

/** Text that must never become markup in the report. */
export const HOSTILE = '<script>alert(1)</script>';

function roc(g: Generator, quality: number, n = 40): { fpr: number[]; tpr: number[] } {
  const fpr = [0];
  const tpr = [0];
  for (let i = 1; i < n; i++) {
    const x = i / n;
    fpr.push(x);
    tpr.push(Math.min(1, Math.max(tpr[i - 1]!, x ** (1 - quality) + 0.02 * g.random())));
  }
  fpr.push(1);
  tpr.push(1);
  return { fpr, tpr };
}

function decision(prevalence: number, edge: number): { threshold: number; model: number; treatAll: number }[] {
  return Array.from({ length: 46 }, (_, i) => {
    const t = 0.05 + i / 100;
    const odds = t / (1 - t);
    return { threshold: t, model: prevalence * (1 - edge * t) - (1 - prevalence) * 0.3 * odds, treatAll: prevalence - (1 - prevalence) * odds };
  });
}

function curve(shift: number, slope: number): { predicted: number[]; observed: number[]; lower: number[]; upper: number[] } {
  const predicted = Array.from({ length: 40 }, (_, i) => 0.05 + (0.9 * i) / 39);
  const observed = predicted.map((p) => 1 / (1 + Math.exp(-(shift + slope * Math.log(p / (1 - p))))));
  return { predicted, observed, lower: observed.map((o) => o - 0.06), upper: observed.map((o) => o + 0.06) };
}

function calibrationFields(i: number): Partial<report.SiteResult> {
  const oe = [0.95, 1.05, 1, 1.42][i]!;
  const slope = [0.92, 1.1, 1, 0.71][i]!;
  return {
    oe, oeCi: [oe - 0.12, oe + 0.14], slope, slopeCi: [slope - 0.2, slope + 0.25], citl: Math.log(oe), citlCi: [Math.log(oe) - 0.1, Math.log(oe) + 0.1],
    ici: 0.02 + 0.03 * i, scaledBrier: 0.3, netBenefit: decision([0.46, 0.36, 0.93, 0.75][i]!, 0.2 + 0.1 * i), calibrationCurve: curve(0.4 * (i - 1), slope),
  };
}

/**
 * Build a full report input. With `hostile`, a column, a site and a finding message carry
 * {@link HOSTILE}.
 */
export function sampleInput(options: { hostile?: boolean } = {}): report.ReportInput {
  const g = new Generator(7);
  const odd = options.hostile === true ? HOSTILE : 'oldpeak';
  const sites = ['cleveland', 'hungarian', 'switzerland', options.hostile === true ? `va ${HOSTILE}` : 'va'];
  const features = ['age', 'sex', 'cp', 'trestbps', 'chol', 'thalach', odd];
  const counts = [
    { n: 303, events: 139 },
    { n: 294, events: 106 },
    { n: 123, events: 115 },
    { n: 200, events: 149 },
  ];
  const epochs = 40;
  const trainLoss = Array.from({ length: epochs }, (_, e) => 0.69 * Math.exp(-e / 12) + 0.25);
  const valLoss = Array.from({ length: epochs }, (_, e) => 0.69 * Math.exp(-e / 10) + 0.3 + 0.0004 * Math.max(0, e - 18) ** 2);
  const findings: Finding[] = [
    { code: 'duplicate-rows', severity: 'warning', message: 'VA rows 140 and 188 are identical.', site: sites[3]! },
    { code: 'target-proxy', severity: 'critical', message: `Feature '${odd}' predicts the target almost perfectly (AUC 0.99).`, feature: odd, details: { auc: 0.99 } },
  ];
  const std = Array.from({ length: 920 }, () => Math.abs(g.normal() * 0.04) + 0.01);
  const aucs = [0.86, 0.84, null, 0.71];
  return {
    title: 'clinreg report — test',
    summary: {
      source: 'data/heart-disease/heart_disease_4sites.csv',
      nRows: 920,
      target: 'num',
      positive: '>0',
      site: 'site',
      columns: [
        { name: 'site', role: 'site', kind: 'categorical', missing: 0, levels: 4 },
        { name: 'num', role: 'target', kind: 'numeric', missing: 0 },
        ...features.map((f, j) => ({ name: f, role: 'feature' as const, kind: 'numeric' as const, missing: j * 11 })),
      ],
      sites: sites.map((site, i) => ({ site, n: counts[i]!.n, events: counts[i]!.events, nonEvents: counts[i]!.n - counts[i]!.events })),
    },
    leakage: findings,
    shift: {
      findings: [{ code: 'constant-at-site', severity: 'critical', message: 'chol is 0 for every patient at switzerland.', feature: 'chol', site: 'switzerland' }],
      matrix: { sites, features, values: sites.map((_, i) => features.map((_, j) => (i === 2 && j === 4 ? null : Math.abs(Math.sin(i * 7 + j)) * 0.8))) },
      missingness: { sites, features, values: sites.map((_, i) => features.map((_, j) => (i === 2 && j === 4 ? 1 : ((i + j) % 5) / 10))) },
    },
    recommendation: {
      arch: 'mlp',
      nRows: 920,
      positiveRate: 0.553,
      settings: [
        { name: 'dropout', value: 0.3, reason: 'Fewer than 5,000 rows: moderate dropout on hidden layers.' },
        { name: 'weightDecay', value: 0.01, reason: `AdamW decoupled decay; ${HOSTILE} is text here.` },
        { name: 'earlyStopping', value: 'val_loss, patience 10, restore best', reason: 'Small data overfits within tens of epochs.' },
      ],
      notes: ['Recommendations follow the seed regularisation guide.'],
    },
    learningCurves: [{ label: 'final model', trainLoss, valLoss, bestEpoch: 19 }],
    validation: {
      scheme: 'leave-one-site-out',
      sites: sites.map((site, i) => {
        const a = aucs[i]!;
        return {
          site,
          n: counts[i]!.n,
          events: counts[i]!.events,
          nonEvents: counts[i]!.n - counts[i]!.events,
          auc: a,
          ci: a === null ? null : ([a - 0.05, Math.min(1, a + 0.04)] as const),
          status: a === null ? 'single-class' : i === 3 ? 'site-miscalibrated' : 'ok',
          ...(a === null ? { oe: null, oeCi: null, slope: null, slopeCi: null, netBenefit: [], calibrationCurve: null } : calibrationFields(i)),
        };
      }),
      summaries: [
        { measure: 'auc', method: 'REML', test: 'knha', k: 3, estimate: 0.81, ci: [0.6, 0.92], tau2: 0.05, i2: 0.4, predictionInterval: [0.2, 0.99], warning: 'only 3 sites: intervals unreliable.' },
        { measure: 'oe', method: 'REML', test: 'knha', k: 3, estimate: 1.1, ci: [0.7, 1.7], tau2: 0.02, i2: 0.5, predictionInterval: [0.3, 3.9], warning: 'only 3 sites: intervals unreliable.' },
        { measure: 'slope', method: 'REML', test: 'knha', k: 3, estimate: 0.9, ci: [0.5, 1.3], tau2: 0.01, i2: 0.2, predictionInterval: [-0.4, 2.2], warning: 'only 3 sites: intervals unreliable.' },
      ],
      pooledNetBenefit: decision(0.55, 0.3),
      pooledCalibrationCurve: curve(0, 1),
      pooled: { auc: 0.81, ci: [0.74, 0.87], predictionInterval: [0.55, 0.94] },
      heterogeneity: { i2: 0.62, tau2: 0.012 },
      roc: sites.map((site, i) => ({ site, ...(aucs[i] === null ? { fpr: [], tpr: [] } : roc(g, aucs[i]!)), auc: aucs[i]! })),
      findings: [{ code: 'site-single-class', severity: 'warning', message: 'switzerland has 8 non-events: AUC unstable.', site: 'switzerland' }],
    },
    calibration: [
      {
        label: 'all sites (out-of-site)',
        slope: 0.82,
        intercept: -0.11,
        bins: Array.from({ length: 10 }, (_, b) => ({ meanPredicted: (b + 0.5) / 10, fractionPositive: Math.min(1, (b + 0.5) / 10 + 0.05 * Math.sin(b)), count: 50 + b * 7 })),
      },
    ],
    uncertainty: { std, passes: 30 },
    provenance: { clinregVersion: '0.1.0', node: process.versions.node, seed: 0 },
  };
}

/** Number of charts a full sample report contains. */
export const SAMPLE_CHART_COUNT = 11;

/**
 * One chart of every type the report draws, built from a report input (default: the sample), as
 * [id, chart] pairs.
 */
export function sampleCharts(input: report.ReportInput = sampleInput()): [string, report.Chart][] {
  const v = input.validation!;
  return [
    ['learning', report.learningCurveChart(input.learningCurves![0]!)],
    ['roc', report.rocCurvesChart(v.roc)],
    ['forest', report.forestPlotChart(v.sites, v.pooled)],
    ['calibration', report.calibrationChart(input.calibration!)],
    ['shift', report.shiftHeatmapChart(input.shift!.matrix!)],
    ['missingness', report.missingnessHeatmapChart(input.shift!.missingness!)],
    ['uncertainty', report.uncertaintyHistogramChart(input.uncertainty!)],
    ['oe', report.ratioForestChart('O:E ratio', v.sites.map((s) => ({ site: s.site, n: s.n, estimate: s.oe ?? null, ci: s.oeCi ?? null })), { estimate: 1.1, ci: [0.7, 1.7], predictionInterval: [0.3, 3.9] })],
    ['calsites', report.calibrationCurvesChart(v.sites.filter((s) => s.calibrationCurve != null).map((s) => ({ site: s.site, ...s.calibrationCurve! })))],
    ['decision', report.decisionCurvesChart(v.sites.filter((s) => (s.netBenefit ?? []).length > 0).map((s) => ({ site: s.site, points: s.netBenefit! })))],
  ];
}
