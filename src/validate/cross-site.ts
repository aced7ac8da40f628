import { ClinregError, ValueError } from '../errors.js';
import type { Finding } from '../checks/finding.js';
import { brierScore } from '../metrics/brier.js';
import { expectedCalibrationError } from '../metrics/calibration-curve.js';
import { calibrationSlopeIntercept } from '../metrics/calibration-slope.js';
import { delongCi } from '../metrics/delong.js';
import { rocAucScore } from '../metrics/roc-auc.js';
import { randomEffectsMeta } from './heterogeneity.js';

/** Out-of-sample predicted probabilities with their true labels and site of each row. */
export interface SitePredictions {
  /** 0/1 labels. */
  yTrue: ArrayLike<number>;
  /** Predicted probabilities in [0, 1]. */
  yProb: ArrayLike<number>;
  /** Site of each row. */
  sites: ArrayLike<string>;
}

/** Options of `evaluateCrossSite`. */
export interface CrossSiteOptions {
  /** Confidence level of the DeLong intervals and of the meta-analysis. Default 0.95. */
  level?: number;
  /** A site needs at least this many events AND non-events to be judged. Default 100. */
  minEvents?: number;
  /** AUC below the reference by more than this → warning. Default 0.05 (the seed's). */
  warnMargin?: number;
  /** AUC below the reference by at least this, with the CI excluding it → critical. Default 0.10. */
  criticalMargin?: number;
  /** Compare sites with the pooled AUC (all rows together, default) or the mean of site AUCs (the seed's). */
  reference?: 'pooled' | 'mean';
}

/** How a site came out. */
export type SiteStatus = 'ok' | 'site-underperforming' | 'site-underpowered' | 'site-single-class';

/** Per-site performance. AUC-based fields are null where the AUC is undefined (one class). */
export interface SiteResult {
  site: string;
  n: number;
  events: number;
  nonEvents: number;
  auc: number | null;
  /** DeLong interval (null with fewer than 2 events or non-events). */
  ci: [number, number] | null;
  se: number | null;
  brier: number;
  /** Calibration slope and intercept (null when not estimable, e.g. one class). */
  calibration: { slope: number; intercept: number } | null;
  ece: number;
  status: SiteStatus;
}

/** Between-site heterogeneity of AUC (random effects on the logit scale, reported as AUCs). */
export interface AucHeterogeneity {
  /** Sites pooled (defined AUC strictly between 0 and 1 with a DeLong SE). */
  sites: string[];
  /** Random-effects pooled AUC with its CI. */
  auc: number;
  ci: [number, number];
  /** τ² on the logit scale, Cochran's Q, df and I² in [0, 1]. */
  tau2: number;
  q: number;
  df: number;
  i2: number;
  /** Where the AUC at a new hospital is expected to fall (null with < 3 sites). */
  predictionInterval: [number, number] | null;
}

/** Everything `evaluateCrossSite` reports. */
export interface CrossSiteResult {
  sites: SiteResult[];
  /** All rows together. */
  pooled: { n: number; events: number; nonEvents: number; auc: number | null; ci: [number, number] | null; brier: number };
  /** Mean of the defined site AUCs (the seed's summary); null when none is defined. */
  meanAuc: number | null;
  /** Null with fewer than 2 poolable sites. */
  heterogeneity: AucHeterogeneity | null;
  findings: Finding[];
}

/**
 * Evaluate out-of-sample predictions site by site (TRIPOD-Cluster): n, events, AUC with DeLong
 * CI, Brier, calibration slope/intercept and ECE per site; pooled and mean AUC; DerSimonian–Laird
 * heterogeneity of logit-AUC with the prediction interval for a new hospital. Status per site:
 * `site-single-class` (AUC undefined, said plainly), `site-underpowered` (< minEvents events or
 * non-events: reported, not judged), `site-underperforming` (AUC below the reference by more than
 * warnMargin: warning; by ≥ criticalMargin with the CI excluding the reference: critical), else ok.
 * @throws ValueError when the arrays differ in length or are empty.
 * @example evaluateCrossSite({ yTrue, yProb, sites }).sites.map((s) => [s.site, s.auc, s.status]);
 */
export function evaluateCrossSite(predictions: SitePredictions, options: CrossSiteOptions = {}): CrossSiteResult {
  const { yTrue, yProb, sites } = predictions;
  const level = options.level ?? 0.95;
  const minEvents = options.minEvents ?? 100;
  const warnMargin = options.warnMargin ?? 0.05;
  const criticalMargin = options.criticalMargin ?? 0.1;
  if (yTrue.length !== yProb.length || yTrue.length !== sites.length) {
    throw new ValueError(`evaluateCrossSite: yTrue, yProb and sites must have the same length. Received: ${yTrue.length}, ${yProb.length}, ${sites.length}.`);
  }
  if (yTrue.length === 0) throw new ValueError('evaluateCrossSite: no rows to evaluate.');

  const groups = new Map<string, number[]>();
  for (let i = 0; i < sites.length; i++) {
    const s = sites[i]!;
    let rows = groups.get(s);
    if (rows === undefined) groups.set(s, (rows = []));
    rows.push(i);
  }
  const results = [...groups].map(([site, rows]) => siteResult(site, pick(yTrue, rows), pick(yProb, rows), level));
  const pooled = siteResult('pooled', yTrue, yProb, level);
  const defined = results.filter((r) => r.auc !== null).map((r) => r.auc!);
  const meanAuc = defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  const reference = (options.reference ?? 'pooled') === 'pooled' ? pooled.auc : meanAuc;

  const findings: Finding[] = [];
  for (const r of results) {
    if (r.auc === null) {
      r.status = 'site-single-class';
      findings.push({
        code: 'site-single-class', severity: 'warning', site: r.site,
        message: `${r.site}: AUC is undefined — all ${r.n} rows are ${r.events === 0 ? 'non-events' : 'events'}; the site cannot be used to judge discrimination.`,
        details: { n: r.n, events: r.events, nonEvents: r.nonEvents },
      });
    } else if (r.events < minEvents || r.nonEvents < minEvents) {
      r.status = 'site-underpowered';
      findings.push({
        code: 'site-underpowered', severity: 'warning', site: r.site,
        message: `${r.site}: ${r.events} events and ${r.nonEvents} non-events (< ${minEvents} of either): AUC ${r.auc.toFixed(3)}${r.ci ? ` (CI ${r.ci[0].toFixed(3)}–${r.ci[1].toFixed(3)})` : ''} is reported but not judged.`,
        details: { n: r.n, events: r.events, nonEvents: r.nonEvents, auc: r.auc, ci: r.ci, minEvents },
      });
    } else if (reference !== null && reference - r.auc > warnMargin) {
      const gap = reference - r.auc;
      const critical = gap >= criticalMargin && r.ci !== null && r.ci[1] < reference;
      r.status = 'site-underperforming';
      findings.push({
        code: 'site-underperforming', severity: critical ? 'critical' : 'warning', site: r.site,
        message: `${r.site}: AUC ${r.auc.toFixed(3)} is ${gap.toFixed(3)} below the ${options.reference ?? 'pooled'} AUC ${reference.toFixed(3)}${critical ? ' and its CI excludes it' : ''}.`,
        details: { auc: r.auc, ci: r.ci, reference, gap, warnMargin, criticalMargin },
      });
    }
  }
  return {
    sites: results,
    pooled: { n: pooled.n, events: pooled.events, nonEvents: pooled.nonEvents, auc: pooled.auc, ci: pooled.ci, brier: pooled.brier },
    meanAuc,
    heterogeneity: heterogeneity(results, level),
    findings,
  };
}

function siteResult(site: string, y: ArrayLike<number>, p: ArrayLike<number>, level: number): SiteResult {
  let events = 0;
  for (let i = 0; i < y.length; i++) events += y[i]!;
  const nonEvents = y.length - events;
  let auc: number | null = null;
  let ci: [number, number] | null = null;
  let se: number | null = null;
  let calibration: { slope: number; intercept: number } | null = null;
  if (events > 0 && nonEvents > 0) {
    auc = rocAucScore(y, p);
    if (events >= 2 && nonEvents >= 2) {
      const d = delongCi(y, p, { level });
      ci = [d.lo, d.hi];
      se = d.se;
    }
    calibration = undefinedAsNull(() => calibrationSlopeIntercept(y, p));
  }
  return { site, n: y.length, events, nonEvents, auc, ci, se, brier: brierScore(y, p), calibration, ece: expectedCalibrationError(y, p), status: 'ok' };
}

function heterogeneity(results: SiteResult[], level: number): AucHeterogeneity | null {
  const usable = results.filter((r) => r.auc !== null && r.se !== null && r.se > 0 && r.auc > 0 && r.auc < 1);
  if (usable.length < 2) return null;
  const meta = randomEffectsMeta(
    usable.map((r) => ({
      label: r.site,
      estimate: logit(r.auc!),
      // Delta method: Var(logit AUC) ≈ SE² / (AUC (1 − AUC))².
      variance: (r.se! / (r.auc! * (1 - r.auc!))) ** 2,
    })),
    { level },
  );
  return {
    sites: usable.map((r) => r.site),
    auc: expit(meta.estimate),
    ci: [expit(meta.ci[0]), expit(meta.ci[1])],
    tau2: meta.tau2,
    q: meta.q,
    df: meta.df,
    i2: meta.i2,
    predictionInterval: meta.predictionInterval === null ? null : [expit(meta.predictionInterval[0]), expit(meta.predictionInterval[1])],
  };
}

function undefinedAsNull<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ClinregError) return null;
    throw e;
  }
}

function pick(values: ArrayLike<number>, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
