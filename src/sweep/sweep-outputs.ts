import { join } from 'node:path';
import type { Finding } from '../checks/finding.js';
import { binaryTarget, rowsWithTarget } from '../data/binary-target.js';
import { OutputSet } from '../develop/output-set.js';
import { calibrationCurves, dataSummary, rocCurves } from '../develop/report-sections.js';
import { resultsJson } from '../develop/write-outputs.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Provenance, ReportInput, ValidationSection } from '../report/report-input.js';
import { writeReport } from '../report/write-report.js';
import type { SiteResult } from '../validate/cross-site.js';
import type { SweepConfigResult, SweepResult } from './assemble.js';
import { loadDataRef } from './data-ref.js';
import type { SweepPlan } from './plan.js';

/** One site's numbers in a sweep's results.json. */
export interface SweepSiteNumbers {
  site: string;
  n: number;
  events: number;
  auc: number | null;
  ci: [number, number] | null;
  oe: number | null;
  oeCi: [number, number] | null;
  slope: number | null;
  slopeCi: [number, number] | null;
  status: string;
}

/** The results.json of a sweep: every configuration side by side, the chosen one and the rule. */
export interface SweepDocument {
  sweep: string;
  data: { path: string; sha256: string };
  scheme: string;
  schemeReason: string;
  seed: number;
  folds: { name: string; nTest: number }[];
  rule: string;
  chosen: { index: number; label: string };
  configurations: {
    index: number;
    label: string;
    config: SweepConfigResult['config'];
    logLoss: number;
    pooled: { auc: number | null; ci: [number, number] | null; oe: number | null; slope: number | null; brier: number };
    /** Random-effects summary AUC across sites (null with fewer than 2 sites with an AUC). */
    summaryAuc: number | null;
    sites: SweepSiteNumbers[];
    folds: { name: string; externalAuc: number | null; nTrain: number; nTest: number }[];
  }[];
  /** Job results received twice and counted once. */
  duplicates: number;
  /** Kernel tiers that computed the jobs. */
  kernels: string[];
  /** The leakage audit's findings, then the chosen configuration's cross-site findings. */
  findings: Finding[];
}

/**
 * The plain-data document of a sweep (what `clinreg sweep --json` prints and results.json holds).
 * @param plan the sweep's plan. @param result its assembled result.
 * @example sweep.sweepDocument(plan, result).chosen.label;
 */
export function sweepDocument(plan: SweepPlan, result: SweepResult): SweepDocument {
  return {
    sweep: result.id,
    data: result.data,
    scheme: result.scheme.scheme,
    schemeReason: result.scheme.reason,
    seed: result.seed,
    folds: plan.folds,
    rule: result.rule,
    chosen: { index: result.chosen, label: result.configs[result.chosen]!.label },
    configurations: result.configs.map((c) => {
      const cs = c.validation.crossSite;
      return {
        index: c.index,
        label: c.label,
        config: c.config,
        logLoss: c.logLoss,
        pooled: { auc: cs.pooled.auc, ci: cs.pooled.ci, oe: cs.pooled.oe, slope: cs.pooled.slope, brier: cs.pooled.brier },
        summaryAuc: cs.heterogeneity?.auc ?? null,
        sites: cs.sites.map(siteNumbers),
        folds: c.validation.folds.map((f) => ({ name: f.name, externalAuc: f.externalAuc, nTrain: f.nTrain, nTest: f.nTest })),
      };
    }),
    duplicates: result.duplicates,
    kernels: result.kernels,
    findings: [...plan.leakage, ...result.configs[result.chosen]!.validation.crossSite.findings],
  };
}

function siteNumbers(s: SiteResult): SweepSiteNumbers {
  return { site: s.site, n: s.n, events: s.events, auc: s.auc, ci: s.ci, oe: s.oe, oeCi: s.oeCi, slope: s.slope, slopeCi: s.slopeCi, status: s.status };
}

/**
 * The HTML report of a sweep (`report.writeReport` input): the data summary; the leakage audit; the configurations
 * side by side with the choice rule (the recommendation section: the chosen configuration's settings,
 * and one line per configuration with its log loss, pooled AUC, O:E and slope and per-site AUC); and
 * the chosen configuration's validation by site and calibration, as `clinreg train` reports them.
 * @param plan the plan. @param result the result. @param provenance the footer. Default: the seed.
 */
export function sweepReportInput(plan: SweepPlan, result: SweepResult, provenance?: Provenance): ReportInput {
  const { table, schema } = loadDataRef(plan.data);
  const rows = rowsWithTarget(table, schema);
  const y = binaryTarget(table, schema, { rows });
  const chosen = result.configs[result.chosen]!;
  const cs = chosen.validation.crossSite;
  const het = cs.heterogeneity;
  const validation: ValidationSection = {
    scheme: `${result.scheme.scheme}, configuration ${chosen.index + 1} (${chosen.label})`,
    sites: cs.sites.map((s) => ({
      site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents, auc: s.auc, ci: s.ci, status: s.status,
      oe: s.oe, oeCi: s.oeCi, citl: s.citl, citlCi: s.citlCi, slope: s.slope, slopeCi: s.slopeCi, ici: s.ici, scaledBrier: s.scaledBrier,
      netBenefit: s.netBenefit, calibrationCurve: s.calibrationCurve,
    })),
    roc: rocCurves(chosen.validation.predictions, cs.sites),
    findings: cs.findings,
    summaries: cs.summaries,
    pooledNetBenefit: cs.pooled.netBenefit,
    pooledCalibrationCurve: cs.pooled.calibrationCurve,
    ...(het !== null ? { pooled: { auc: het.auc, ci: het.ci, ...(het.predictionInterval !== null ? { predictionInterval: het.predictionInterval } : {}) }, heterogeneity: { tau2: het.tau2, i2: het.i2, q: het.q } } : {}),
  };
  const f = (v: number | null, d = 3): string => (v === null ? '—' : v.toFixed(d));
  const lines = result.configs.map((c) => {
    const p = c.validation.crossSite.pooled;
    const sites = c.validation.crossSite.sites.map((s) => `${s.site} ${f(s.auc)}/${f(s.oe, 2)}/${f(s.slope, 2)}`).join(' · ');
    return `${c.index === result.chosen ? '★ chosen — ' : ''}#${c.index + 1} ${c.label}: log loss ${f(c.logLoss, 4)}, pooled AUC ${f(p.auc)}, O:E ${f(p.oe, 2)}, slope ${f(p.slope, 2)}; per site AUC/O:E/slope: ${sites}`;
  });
  return {
    title: `clinreg sweep — ${result.configs.length} configurations × ${plan.folds.length} folds (${result.scheme.scheme}) — ${plan.data.path}`,
    summary: dataSummary(plan.data.path, table, schema, rows, y),
    leakage: plan.leakage,
    recommendation: {
      arch: 'mlp',
      nRows: rows.length,
      positiveRate: y.reduce((a, v) => a + v, 0) / y.length,
      settings: Object.entries(chosen.config).map(([name, value]) => ({
        name,
        value: Array.isArray(value) ? value.join(' → ') : (value as number),
        reason: name in plan.grid ? `swept: ${((plan.grid as Record<string, unknown[]>)[name] ?? []).map((v) => (Array.isArray(v) ? v.join('x') : String(v))).join(', ')}` : 'base (recommended for these data)',
      })),
      notes: [`Chosen configuration: ${chosen.label}. Rule: ${result.rule}. Sweep ${result.id}, data SHA-256 ${result.data.sha256}.`, ...lines],
    },
    validation,
    calibration: calibrationCurves(chosen.validation.predictions, `out-of-fold predictions of configuration ${chosen.index + 1} (${chosen.label})`),
    provenance: provenance ?? { seed: result.seed },
  };
}

/**
 * Write a sweep's results.json and report.html into `out` as one set (develop's `OutputSet`: a
 * staging directory renamed into place, so an interrupted run leaves the previous set whole).
 * @param out the directory, or an OutputSet opened before the sweep ran.
 * @returns the two paths.
 * @throws ValueError naming the directory when it cannot take the set.
 */
export async function writeSweepOutputs(out: string | OutputSet, plan: SweepPlan, result: SweepResult, provenance?: Provenance): Promise<{ resultsPath: string; reportPath: string }> {
  const set = typeof out === 'string' ? OutputSet.open(out) : out;
  try {
    await writeFileAtomic(set.path('results.json'), resultsJson(sweepDocument(plan, result)));
    await writeReport(set.path('report.html'), sweepReportInput(plan, result, provenance));
    set.commit();
  } catch (err) {
    set.abort();
    throw err;
  }
  return { resultsPath: join(set.dir, 'results.json'), reportPath: join(set.dir, 'report.html') };
}
