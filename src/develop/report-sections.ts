// Plain-data report sections (report.ReportInput pieces) from the parts of a development run.
import { ClinregError } from '../errors.js';
import type { ShiftReport } from '../checks/index.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { calibrationCurve, calibrationSlopeIntercept, rocCurve } from '../metrics/index.js';
import type { RegularisationConfig } from '../recommend/index.js';
import type { CalibrationCurve, LearningCurve, SiteRocCurve } from '../report/index.js';
import type { ColumnSummary, DataSummary, RecommendationSection, ShiftSection, SiteSummary } from '../report/report-input.js';
import type { History } from '../train/history.js';
import type { SitePredictions, SiteResult } from '../validate/index.js';

/**
 * The shift section: the one-vs-rest PSI of every (site, feature) and every feature's missing
 * rate per site.
 * @param shift a `checks.detectShift` result.
 */
export function shiftSection(shift: ShiftReport): ShiftSection {
  const sites = shift.siteMatrix.sites;
  const features = shift.features.map((f) => f.feature);
  const psi = sites.map((s) =>
    shift.features.map((f) => {
      const c = f.comparisons.find((x) => x.site === s && x.against === 'rest');
      return c === undefined || !Number.isFinite(c.psi) ? null : c.psi;
    }),
  );
  const missing = sites.map((s) =>
    shift.features.map((f) => {
      const summary = f.sites.find((x) => x.site === s);
      return summary === undefined ? null : summary.missingRate;
    }),
  );
  return {
    findings: shift.findings,
    matrix: { sites, features, values: psi },
    statistic: 'PSI vs rest',
    // PSI ≥ 0.25 is a major shift; beyond 0.5 the colour saturates.
    domain: [0, 0.5],
    missingness: { sites, features, values: missing },
  };
}

/**
 * The data summary: every column with its role, type and missing count, and rows/events per site.
 * @param source the file name shown.
 * @param table the data.
 * @param schema roles (columns without one, or excluded, show as 'ignored').
 * @param rows labelled rows; `y` their labels.
 */
export function dataSummary(source: string, table: Table, schema: Schema, rows: Int32Array, y: Uint8Array): DataSummary {
  const features = new Set(schema.features);
  const role = (c: string): ColumnSummary['role'] =>
    c === schema.target
      ? 'target'
      : c === schema.site
        ? 'site'
        : c === schema.patient
          ? 'patient'
          : c === schema.time
            ? 'time'
            : c === schema.split
              ? 'split'
              : features.has(c)
                ? 'feature'
                : 'ignored';
  const columns = table.columnNames.map((name) => {
    const col = table.column(name);
    const out: ColumnSummary = { name, role: role(name), kind: col.kind, missing: table.missingCount(name) };
    if (col.kind === 'categorical') out.levels = col.levels.length;
    return out;
  });
  const sites: SiteSummary[] = [];
  if (schema.site !== undefined) {
    const bySite = new Map<string, { n: number; events: number }>();
    const labels = table.strings(schema.site);
    rows.forEach((r, k) => {
      const key = labels[r] ?? '(missing)';
      const e = bySite.get(key) ?? { n: 0, events: 0 };
      e.n += 1;
      e.events += y[k]!;
      bySite.set(key, e);
    });
    for (const [site, e] of bySite) sites.push({ site, n: e.n, events: e.events, nonEvents: e.n - e.events });
  }
  const summary: DataSummary = { source, nRows: table.nRows, target: schema.target, columns, sites };
  if (schema.positive !== undefined) summary.positive = schema.positive;
  if (schema.site !== undefined) summary.site = schema.site;
  return summary;
}

/** Learning curve of one fit (1-based best epoch). */
export function learningCurve(label: string, history: History): LearningCurve {
  const trainLoss = history.epochs.map((e) => e.trainLoss);
  const valLoss = history.epochs.map((e) => e.valLoss ?? NaN);
  let best = history.bestEpoch;
  if (best === undefined) best = valLoss.reduce((b, v, i) => (v < valLoss[b]! ? i : b), 0);
  return { label, trainLoss, valLoss, bestEpoch: best + 1 };
}

/** Per-site ROC curves of the out-of-fold predictions (empty for one-class sites). */
export function rocCurves(p: SitePredictions, results: readonly SiteResult[]): SiteRocCurve[] {
  return results.map((r) => {
    if (r.auc === null) return { site: r.site, fpr: [], tpr: [], auc: null };
    const yTrue: number[] = [];
    const yProb: number[] = [];
    for (let i = 0; i < p.sites.length; i++) {
      if (p.sites[i] === r.site) {
        yTrue.push(p.yTrue[i]!);
        yProb.push(p.yProb[i]!);
      }
    }
    const c = rocCurve(yTrue, yProb);
    return { site: r.site, fpr: c.fpr, tpr: c.tpr, auc: r.auc };
  });
}

/** Calibration of the out-of-fold predictions, all sites pooled (10 equal-width bins). */
export function calibrationCurves(p: SitePredictions, label: string): CalibrationCurve[] {
  const c = calibrationCurve(p.yTrue, p.yProb, { nBins: 10 });
  const bins = Array.from(c.probPred, (meanPredicted, i) => ({ meanPredicted, fractionPositive: c.probTrue[i]!, count: c.counts[i]! }));
  const out: CalibrationCurve = { label, bins };
  try {
    const s = calibrationSlopeIntercept(p.yTrue, p.yProb, { eps: 1e-6 });
    out.slope = s.slope;
    out.intercept = s.intercept;
  } catch (err) {
    if (!(err instanceof ClinregError)) throw err; // undefined slope (one class, separation): shown without it
  }
  return [out];
}

/** The recommendation section: every configured value with its reason. */
export function recommendationSection(config: RegularisationConfig, nRows: number, positiveRate: number): RecommendationSection {
  const { notes, base: _base, architecture, ...fields } = config;
  const show = (v: unknown): string | number | boolean =>
    typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string'
      ? v
      : Array.isArray(v)
        ? v.join(' → ') || 'none'
        : Object.entries(v as object).map(([k, x]) => `${k} ${String(x)}`).join(', ');
  const settings = Object.entries(fields).map(([name, value]) => ({
    name,
    value: show(value),
    reason: notes.filter((n) => n.field === name).map((n) => n.reason).join(' ') || '—',
  }));
  return {
    arch: architecture,
    nRows,
    positiveRate,
    settings,
    notes: ['Augmentation is recommended for small data but not applied by develop/train; every other setting is used as shown.'],
  };
}
