// A complete, realistic ReportInput (four hospitals) for the report tests. Not a test file.
import { Generator, type Finding } from '../../src/index.js';
import type { report } from '../../src/index.js';

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
          status: a === null ? 'single-class' : 'ok',
        };
      }),
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
export const SAMPLE_CHART_COUNT = 7;
