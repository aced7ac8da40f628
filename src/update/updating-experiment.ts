import { ValueError } from '../errors.js';
import { Generator, getGenerator } from '../stats/random.js';
import { summariseSets } from '../conformal/prediction-sets.js';
import { predictSets, splitConformal } from '../conformal/split-conformal.js';
import { sigmoid } from './apply-recalibration.js';
import { closedTest, type LevelFit } from './closed-test.js';
import { interceptUpdate, logisticRecalibration, originalLogLik } from './recalibrate.js';
import { medianIqr, summarisePerformance, updatingPerformance, type MedianIqr, type PerformanceSummary, type UpdatingPerformance } from './updating-measures.js';

/** Updating methods the experiment compares: two fixed recalibration levels and the closed test's choice among them. */
export type ExperimentMethod = 'intercept' | 'logistic' | 'closed-test';

/** A held-out site's out-of-fold logits (the model that never saw the site) and its outcomes. */
export interface SiteLogits {
  site: string;
  /** Log-odds of the model developed without this site, one per patient. */
  logits: ArrayLike<number>;
  /** 0/1 outcomes, same length. */
  y: ArrayLike<number>;
}

/** Options of {@link updatingExperiment}. */
export interface UpdatingExperimentOptions {
  /** Numbers m of local patients drawn to update on. Default [25, 50, 100]. */
  sizes?: readonly number[];
  /** Random draws per site and m. Default 20. */
  repeats?: number;
  /** An m that leaves fewer evaluation rows at a site is skipped there (and listed in `skipped`). Default 50. */
  minEvaluationRows?: number;
  /** Significance level of the closed test (Vergouwe et al. 2017). Default 0.05. */
  alpha?: number;
  /** Seed of the draws. Default: the global generator, so `manualSeed` governs them. */
  seed?: number;
  /**
   * Miscoverage α of the prediction sets calibrated on the same m local patients (split conformal
   * per site, i.e. Mondrian by site with local calibration rows). Default 0.1.
   */
  conformalAlpha?: number;
}

/** Prediction sets at one site and m: calibrated on the m drawn patients, checked on the rest (median, IQR over draws). */
export interface LocalConformalRow {
  site: string;
  m: number;
  alpha: number;
  /** Share of evaluation patients whose outcome is in their set (target ≥ 1 − α). */
  coverage: MedianIqr;
  /** Share of {0,1} (undecided) sets. */
  shareBoth: MedianIqr;
}

/** One site × m × method of the experiment: medians (IQR) over the repeats, before and after updating. */
export interface UpdatingExperimentRow {
  site: string;
  m: number;
  method: ExperimentMethod;
  /** Patients of the site, and those left to evaluate on after drawing m. */
  nSite: number;
  nEvaluation: number;
  repeats: number;
  /** The model as developed, on each repeat's evaluation rows. */
  before: PerformanceSummary;
  /** The updated model on the same rows. */
  after: PerformanceSummary;
  /** How often each level was applied (the closed test's choices; one level for fixed methods). */
  levels: Record<string, number>;
  /**
   * Standard error of the intercept update estimated on the m drawn patients (median, IQR over the
   * estimable draws): the part of |CITL| after updating that comes from m alone.
   */
  updateSe: MedianIqr;
  /** Draws whose m patients could not support the update (one outcome class, or separation for the slope): the model was kept as it is. */
  notEstimable: number;
}

/** The issue-16 goal read at one m: sites where median |CITL| and median O:E after updating are within bounds. */
export interface UpdatingGoal {
  m: number;
  maxAbsCitl: number;
  oeRange: [number, number];
  methods: { method: ExperimentMethod; met: string[]; assessed: string[] }[];
}

/** Result of {@link updatingExperiment}. */
export interface UpdatingExperimentResult {
  sizes: number[];
  repeats: number;
  /** The seed given, or null when the global generator drew. */
  seed: number | null;
  alpha: number;
  minEvaluationRows: number;
  methods: ExperimentMethod[];
  rows: UpdatingExperimentRow[];
  /** Per site and m: prediction sets calibrated on the drawn patients (the model as developed). */
  conformal: LocalConformalRow[];
  /** Site × m combinations not run, with the reason. */
  skipped: { site: string; m: number; reason: string }[];
  /** The goal at m = 50 (null when 50 is not among the sizes). */
  goal: UpdatingGoal | null;
  /** Plain-language notes (e.g. rows the caller left out). */
  notes: string[];
}

const METHODS: ExperimentMethod[] = ['intercept', 'logistic', 'closed-test'];

/**
 * The updating experiment of leave-one-site-out (Steyerberg, *Clinical Prediction Models*, ch. 20;
 * Vergouwe et al., Stat Med 2017): for every held-out site and every m, draw m of its patients at
 * random (`repeats` times), update the model on them by intercept update, logistic recalibration
 * and the closed test's choice among original / intercept / logistic, and evaluate the model
 * before and after on the rest of the site: O:E, CITL, calibration slope, AUC. Rows summarise
 * the repeats by median and IQR. The same draws serve every method, and calibrate split-conformal
 * prediction sets at that site (Mondrian by site with m local calibration patients; coverage and
 * share of {0,1} sets on the rest). Output-layer and fine-tuning levels need each fold's network
 * and are not part of this experiment.
 * @param sites each held-out site's out-of-fold logits and outcomes.
 * @param options see {@link UpdatingExperimentOptions}.
 * @throws ValueError for bad or repeated sizes, repeats, minEvaluationRows, alpha, conformalAlpha or seed, duplicate site
 *   names, mismatched lengths, non-finite logits or labels other than 0/1.
 * @example
 * const r = update.updatingExperiment([{ site: 'va', logits, y }], { sizes: [50], repeats: 20, seed: 0 });
 * r.rows.find((x) => x.method === 'intercept')?.after.absCitl.median;
 */
export function updatingExperiment(sites: readonly SiteLogits[], options: UpdatingExperimentOptions = {}): UpdatingExperimentResult {
  const plan = planUpdatingExperiment(sites, options);
  return assembleUpdatingExperiment(plan, plan.units.map((u) => runUpdatingUnit(sites[u.site]!, u, plan)));
}

/** One held-out site and m of the experiment with its draws (the first m of each permutation are updated on). Internal to clinreg. */
export interface UpdatingUnit {
  /** Index of the site in the experiment's input. */
  site: number;
  m: number;
  draws: Int32Array[];
}

/** The experiment's checked settings, its units (every draw made, in order) and the site × m skipped. Internal to clinreg. */
export interface UpdatingPlan extends Omit<UpdatingExperimentResult, 'rows' | 'conformal' | 'goal' | 'notes'> {
  conformalAlpha: number;
  units: UpdatingUnit[];
}

/** A unit's result: the three methods' rows and the local prediction sets. Internal to clinreg. */
export interface UpdatingUnitResult {
  rows: UpdatingExperimentRow[];
  conformal: LocalConformalRow;
}

/**
 * The first part of {@link updatingExperiment}: check the options and make every draw from the
 * seeded generator, in the order the experiment makes them. Each unit then depends on its draws
 * only, so units may run on any thread ({@link runUpdatingUnit}) and give the same numbers.
 * Internal to clinreg. @throws what updatingExperiment throws for its options and sites.
 */
export function planUpdatingExperiment(sites: readonly SiteLogits[], options: UpdatingExperimentOptions = {}): UpdatingPlan {
  const who = 'updatingExperiment';
  const sizes = [...(options.sizes ?? [25, 50, 100])];
  const repeats = options.repeats ?? 20;
  const minEvaluationRows = options.minEvaluationRows ?? 50;
  const alpha = options.alpha ?? 0.05;
  const conformalAlpha = options.conformalAlpha ?? 0.1;
  if (sizes.length === 0 || !sizes.every((m) => Number.isSafeInteger(m) && m >= 2) || new Set(sizes).size !== sizes.length) {
    throw new ValueError(`${who}: sizes must be distinct integers ≥ 2. Received: sizes=[${sizes.join(', ')}]. Fix: e.g. sizes [25, 50, 100].`);
  }
  if (!Number.isSafeInteger(repeats) || repeats < 1) throw new ValueError(`${who}: repeats must be a positive integer. Received: repeats=${repeats}.`);
  if (!Number.isSafeInteger(minEvaluationRows) || minEvaluationRows < 1) {
    throw new ValueError(`${who}: minEvaluationRows must be a positive integer. Received: minEvaluationRows=${minEvaluationRows}.`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new ValueError(`${who}: alpha must be in (0, 1). Received: alpha=${alpha}.`);
  if (!(conformalAlpha > 0 && conformalAlpha < 1)) throw new ValueError(`${who}: conformalAlpha must be in (0, 1). Received: conformalAlpha=${conformalAlpha}.`);
  if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
    throw new ValueError(`${who}: seed must be a non-negative integer. Received: seed=${options.seed}.`);
  }
  checkSites(who, sites);
  const gen = options.seed !== undefined ? new Generator(options.seed) : getGenerator();
  const units: UpdatingUnit[] = [];
  const skipped: UpdatingExperimentResult['skipped'] = [];
  sites.forEach((s, site) => {
    const n = s.y.length;
    for (const m of sizes) {
      if (n - m < minEvaluationRows) {
        skipped.push({ site: s.site, m, reason: `${n} patients: m = ${m} leaves ${Math.max(0, n - m)} to evaluate on (< ${minEvaluationRows})` });
        continue;
      }
      units.push({ site, m, draws: Array.from({ length: repeats }, () => gen.permutation(n)) });
    }
  });
  return { sizes, repeats, seed: options.seed ?? null, alpha, conformalAlpha, minEvaluationRows, methods: [...METHODS], units, skipped };
}

/** One unit of a planned experiment: the three methods' rows and the local prediction sets. Internal to clinreg. */
export function runUpdatingUnit(s: SiteLogits, unit: UpdatingUnit, plan: Pick<UpdatingPlan, 'alpha' | 'conformalAlpha'>): UpdatingUnitResult {
  return { rows: siteRows(s, unit.m, unit.draws, plan.alpha), conformal: localConformal(s, unit.m, unit.draws, plan.conformalAlpha) };
}

/** The experiment's result from its plan and every unit's result, in the plan's order. Internal to clinreg. */
export function assembleUpdatingExperiment(plan: UpdatingPlan, done: readonly UpdatingUnitResult[]): UpdatingExperimentResult {
  const { sizes, repeats, seed, alpha, minEvaluationRows, methods, skipped } = plan;
  const rows = done.flatMap((d) => d.rows);
  const conformal = done.map((d) => d.conformal);
  return { sizes, repeats, seed, alpha, minEvaluationRows, methods, rows, conformal, skipped, goal: sizes.includes(50) ? updatingGoal(rows, 50) : null, notes: [] };
}

/** One site and m over every draw: the three methods' rows. */
function siteRows(s: SiteLogits, m: number, draws: Int32Array[], alpha: number): UpdatingExperimentRow[] {
  const before: UpdatingPerformance[] = [];
  const after = new Map<ExperimentMethod, UpdatingPerformance[]>(METHODS.map((k) => [k, []]));
  const levels = new Map<ExperimentMethod, Record<string, number>>(METHODS.map((k) => [k, {}]));
  const notEstimable = new Map<ExperimentMethod, number>(METHODS.map((k) => [k, 0]));
  const updateSe: (number | null)[] = [];
  for (const perm of draws) {
    const zU = gather(s.logits, perm, 0, m);
    const yU = gather(s.y, perm, 0, m);
    const zR = gather(s.logits, perm, m, perm.length);
    const yR = gather(s.y, perm, m, perm.length);
    const base = updatingPerformance(zR, yR);
    before.push(base);
    const mapping = updateMappings(zU, yU, alpha);
    updateSe.push(mapping?.interceptSe ?? null);
    // The closed test's choice is the intercept or logistic mapping itself: evaluated once (the same numbers).
    const evaluated = new Map<Mapping, UpdatingPerformance>();
    for (const method of METHODS) {
      const map = mapping?.maps[method] ?? null;
      if (map === null) {
        notEstimable.set(method, notEstimable.get(method)! + 1);
        after.get(method)!.push(base); // the model is kept as it is
        continue;
      }
      const counts = levels.get(method)!;
      counts[map.level] = (counts[map.level] ?? 0) + 1;
      let perf = map.level === 'original' ? base : evaluated.get(map);
      if (perf === undefined) {
        const mapped = new Float64Array(zR.length);
        for (let i = 0; i < zR.length; i++) mapped[i] = map.intercept + map.slope * zR[i]!;
        evaluated.set(map, (perf = updatingPerformance(mapped, yR)));
      }
      after.get(method)!.push(perf);
    }
  }
  const beforeSummary = summarisePerformance(before);
  const seSummary = medianIqr(updateSe);
  return METHODS.map((method) => ({
    site: s.site, m, method, nSite: s.y.length, nEvaluation: s.y.length - m, repeats: draws.length,
    before: beforeSummary, after: summarisePerformance(after.get(method)!), levels: levels.get(method)!, updateSe: seSummary, notEstimable: notEstimable.get(method)!,
  }));
}

/** Split-conformal sets per draw: calibrated on the m drawn patients, summarised on the rest. */
function localConformal(s: SiteLogits, m: number, draws: Int32Array[], alpha: number): LocalConformalRow {
  const risk = new Float64Array(s.logits.length);
  for (let k = 0; k < risk.length; k++) risk[k] = sigmoid(s.logits[k]!);
  const coverage: number[] = [];
  const shareBoth: number[] = [];
  for (const perm of draws) {
    const n = perm.length;
    const cp = splitConformal(gather(s.y, perm, 0, m), gather(risk, perm, 0, m), alpha);
    const summary = summariseSets(predictSets(cp, gather(risk, perm, m, n)), gather(s.y, perm, m, n));
    coverage.push(summary.coverage);
    shareBoth.push(summary.shareBoth);
  }
  return { site: s.site, m, alpha, coverage: medianIqr(coverage), shareBoth: medianIqr(shareBoth) };
}

/** values[order[from..to)] as a new array. */
function gather(values: ArrayLike<number>, order: Int32Array, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = values[order[i]!]!;
  return out;
}

interface Mapping { level: string; intercept: number; slope: number }

/** Each method's logit mapping fitted on the drawn patients (null: not estimable; all null with one class). */
function updateMappings(z: Float64Array, y: Float64Array, alpha: number): { maps: Record<ExperimentMethod, Mapping | null>; interceptSe: number } | null {
  let events = 0;
  for (const v of y) events += v;
  if (events === 0 || events === y.length) return null;
  const icpt = interceptUpdate(z, y);
  const logi = logisticRecalibration(z, y);
  const intercept: Mapping = { level: 'intercept', intercept: icpt.intercept, slope: 1 };
  const logistic: Mapping | null = logi.converged ? { level: 'logistic', intercept: logi.intercept, slope: logi.slope } : null;
  // The closed test as updateModel runs it: the logistic level only when its fit converged.
  const fits: LevelFit[] = [{ level: 'original', logLik: originalLogLik(z, y), nParams: 0 }, { level: 'intercept', logLik: icpt.logLik, nParams: 1 }];
  if (logistic !== null) fits.push({ level: 'logistic', logLik: logi.logLik, nParams: 2 });
  const chosen = closedTest(fits, alpha).level;
  const closed = chosen === 'original' ? { level: 'original', intercept: 0, slope: 1 } : chosen === 'intercept' ? intercept : logistic!;
  return { maps: { intercept, logistic, 'closed-test': closed }, interceptSe: icpt.se[0]! };
}

/**
 * Read the experiment against issue 16's goal: at m, the sites whose median |CITL| after updating
 * is below `maxAbsCitl` and whose median O:E after is within `oeRange`, per method.
 * @param rows the experiment's rows. @param m the number of local patients. Default 50.
 * @param maxAbsCitl Default 0.2. @param oeRange Default [0.8, 1.25].
 * @example update.updatingGoal(result.rows, 50).methods[0].met;
 */
export function updatingGoal(rows: readonly UpdatingExperimentRow[], m = 50, maxAbsCitl = 0.2, oeRange: [number, number] = [0.8, 1.25]): UpdatingGoal {
  const methods = METHODS.map((method) => {
    const at = rows.filter((r) => r.m === m && r.method === method);
    const met = at.filter((r) => {
      const c = r.after.absCitl.median;
      const oe = r.after.oe.median;
      return c !== null && oe !== null && c < maxAbsCitl && oe >= oeRange[0] && oe <= oeRange[1];
    });
    return { method, met: met.map((r) => r.site), assessed: at.map((r) => r.site) };
  });
  return { m, maxAbsCitl, oeRange, methods };
}

function checkSites(who: string, sites: readonly SiteLogits[]): void {
  const names = new Set<string>();
  for (const s of sites) {
    if (names.has(s.site)) throw new ValueError(`${who}: site names must be unique. Received: '${s.site}' twice.`);
    names.add(s.site);
    if (s.logits.length !== s.y.length) throw new ValueError(`${who}: site '${s.site}' has ${s.logits.length} logits and ${s.y.length} outcomes. Fix: one logit per patient.`);
    for (let i = 0; i < s.y.length; i++) {
      if (!Number.isFinite(s.logits[i]!)) throw new ValueError(`${who}: logits must be finite. Received: site '${s.site}', logits[${i}]=${s.logits[i]}.`);
      if (s.y[i] !== 0 && s.y[i] !== 1) throw new ValueError(`${who}: outcomes must be 0 or 1. Received: site '${s.site}', y[${i}]=${s.y[i]}.`);
    }
  }
}
