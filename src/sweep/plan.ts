import { createHash } from 'node:crypto';
import type { Finding } from '../checks/finding.js';
import { ValueError } from '../errors.js';
import { VERSION } from '../version.js';
import { binaryTarget, rowsWithTarget } from '../data/binary-target.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { auditLeakage } from '../checks/leakage/audit-leakage.js';
import { LeakageError, gatingLeaks } from '../develop/leak-gate.js';
import { chooseScheme, type ChosenScheme, type SchemeChoice } from '../develop/scheme.js';
import { leakageAuditFolds } from '../develop/audit-folds.js';
import { getRegularisationConfig } from '../recommend/regularisation-config.js';
import { foldPlan, type FoldPlan } from '../validate/cross-validate.js';
import { loadDataRef, type DataRef } from './data-ref.js';
import { configLabel, expandGrid, type SweepConfig, type SweepGrid } from './grid.js';

/** Options of {@link planSweep}. */
export interface SweepOptions {
  /** Values to try per setting (`parseGrid`). */
  grid: SweepGrid;
  /** Base seed; each job's seeds derive from it and the fold (see {@link SweepJob}). Default 0. */
  seed?: number;
  /**
   * Validation scheme. Default 'auto': `develop.chooseScheme` — leave-one-site-out with a site
   * column (site-grouped k-fold for many small sites), else temporal, group k-fold by patient or
   * stratified k-fold, as `clinreg train` chooses.
   */
  scheme?: SchemeChoice;
  /** group-kfold and stratified-kfold: number of folds. Default 5. */
  nSplits?: number;
  /** Settings of the base configuration that the grid varies. Default: `baseConfig` of the data. */
  base?: Partial<SweepConfig>;
  /**
   * Sweep even when the leakage audit finds a feature that gives the outcome away (critical
   * `target-proxy`) or identifies the row (critical `id-like-feature`). Default false: such a plan
   * throws LeakageError, as `developModel` does.
   */
  allowLeaks?: boolean;
}

/** How the folds are made (plain data; every job rebuilds the folds from it and the data). */
export interface SweepScheme extends ChosenScheme {
  /** group-kfold and stratified-kfold: number of folds asked for. */
  nSplits: number;
}

/**
 * One job of a sweep: one configuration trained and tested on one fold. Pure, serialisable data:
 * any process that can read `data` runs it to the same result. Seeds: the fold's model is seeded
 * with `seed + foldIndex` and its inner early-stopping split with `seed` (as `crossValidate`), so a
 * result depends neither on the order jobs run in nor on the process, and configurations are
 * compared on the same random numbers.
 */
export interface SweepJob {
  /** Unique within all sweeps: `<sweep>-c<configIndex>-f<foldIndex>`. */
  id: string;
  /** The sweep's id (a hash of clinreg's version, the data, roles, scheme, configurations and seed). */
  sweep: string;
  data: DataRef;
  scheme: SweepScheme;
  configIndex: number;
  config: SweepConfig;
  foldIndex: number;
  /** Name of the held-out fold (checked against the folds the worker rebuilds). */
  foldName: string;
  /** Base seed. */
  seed: number;
}

/** Every job of a sweep and what is needed to assemble their results. */
export interface SweepPlan {
  id: string;
  data: DataRef;
  scheme: SweepScheme;
  seed: number;
  grid: SweepGrid;
  configs: SweepConfig[];
  /** Short label per configuration (the grid's settings). */
  labels: string[];
  folds: { name: string; nTest: number }[];
  /** Configuration-major: job `c * folds.length + f`. */
  jobs: SweepJob[];
  /** The leakage audit's findings on the data (as `developModel`'s). */
  leakage: Finding[];
}

/**
 * The base configuration `developModel` trains with on these data (`recommend.getRegularisationConfig`
 * for the labelled rows, MLP; batch size 32, 100 epochs).
 * @param table the data. @param schema column roles.
 * @example baseConfig(table, schema).dropout; // 0.5 under 5,000 rows
 */
export function baseConfig(table: Table, schema: Schema): SweepConfig {
  const rows = rowsWithTarget(table, schema);
  const y = binaryTarget(table, schema, { rows, requireBothClasses: true });
  const rate = y.reduce((a, v) => a + v, 0) / y.length;
  const config = getRegularisationConfig({ datasetSize: rows.length, architecture: 'mlp', nFeatures: schema.features.length, ...(rate > 0 && rate < 1 ? { positiveRate: rate } : {}) });
  return {
    hiddenSizes: [...config.hiddenSizes],
    dropout: config.dropout,
    weightDecay: config.weightDecay,
    lr: config.optimizer.lr,
    labelSmoothing: config.labelSmoothing,
    epochs: 100,
    batchSize: 32,
    patience: config.earlyStopping.patience,
  };
}

/**
 * Plan a sweep: configurations (the grid over the base configuration) × the folds of the
 * validation scheme, one {@link SweepJob} each. Nothing is trained.
 * @param ref the content-addressed data (`dataRef`).
 * @param options see {@link SweepOptions}.
 * @throws LeakageError (E_LEAKAGE) when a feature leaks and `allowLeaks` is not set (the audit
 *   `developModel` runs); ValueError for a bad seed or nSplits, or when the scheme cannot make its folds
 *   (the message names the column); DataError from reading the data.
 * @example const plan = sweep.planSweep(ref, { grid: sweep.parseGrid(['dropout=0.1,0.5']) });
 */
export function planSweep(ref: DataRef, options: SweepOptions): SweepPlan {
  const seed = options.seed ?? 0;
  const nSplits = options.nSplits ?? 5;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ValueError(`planSweep: seed must be a non-negative integer. Received: ${seed}.`);
  if (!Number.isSafeInteger(nSplits) || nSplits < 2) throw new ValueError(`planSweep: nSplits must be an integer ≥ 2. Received: ${nSplits}.`);
  const { table, schema } = loadDataRef(ref);
  const siteRows = schema.site === undefined ? undefined : [...countSites(table.strings(schema.site)).values()];
  const scheme: SweepScheme = { ...chooseScheme(schema, options.scheme ?? 'auto', siteRows), nSplits };
  const { folds: auditFolds } = leakageAuditFolds(table, schema, scheme);
  const leakage = auditLeakage(table, schema, auditFolds === undefined ? {} : { folds: auditFolds });
  const leaks = gatingLeaks(leakage, schema.features);
  if (leaks.length > 0 && options.allowLeaks !== true) throw new LeakageError(leaks);
  const folds = schemeFolds(table, schema, scheme, seed).folds;
  const configs = expandGrid({ ...baseConfig(table, schema), ...options.base }, options.grid);
  const id = createHash('sha256').update(JSON.stringify([VERSION, ref.sha256, ref.read, ref.roles, scheme, configs, seed])).digest('hex').slice(0, 16);
  const jobs = configs.flatMap((config, c) =>
    folds.map((fold, f): SweepJob => ({ id: `${id}-c${c}-f${f}`, sweep: id, data: ref, scheme, configIndex: c, config, foldIndex: f, foldName: fold.name, seed })),
  );
  return {
    id,
    data: ref,
    scheme,
    seed,
    grid: options.grid,
    configs,
    labels: configs.map((c) => configLabel(c, options.grid)),
    folds: folds.map((f) => ({ name: f.name, nTest: f.test.length })),
    jobs,
    leakage,
  };
}

/** The schema a scheme trains on (site-grouped k-fold groups by site even with a patient column). */
export function schemeSchema(schema: Schema, scheme: SweepScheme): Schema {
  if (scheme.groupBySite !== true) return schema;
  const { patient: _patient, ...bySite } = schema;
  return bySite;
}

/** The folds of a scheme on the data (as `crossValidate` makes them). */
export function schemeFolds(table: Table, schema: Schema, scheme: SweepScheme, seed: number): FoldPlan {
  return foldPlan(table, schemeSchema(schema, scheme), { scheme: scheme.scheme, nSplits: scheme.nSplits, seed });
}

function countSites(sites: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sites) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}
