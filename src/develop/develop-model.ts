import { ValueError } from '../errors.js';
import { adaptationFindings } from '../adapt/adaptation-hurts.js';
import type { AdaptMethod } from '../adapt/adaptation-plan.js';
import type { CrossSiteOptions, CrossSiteResult } from '../validate/cross-site.js';
import type { Finding } from '../checks/finding.js';
import { auditLeakage, detectShift, diagnoseOverfitting, type ShiftReport } from '../checks/index.js';
import { binaryTarget, rowsWithTarget } from '../data/binary-target.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { FingerprintJSON } from '../data/preprocessing/state.js';
import { GroupKFold } from '../model-selection/group-kfold.js';
import { LeaveOneGroupOut } from '../model-selection/leave-one-group-out.js';
import type { TensorModule } from '../nn/index.js';
import { buildModel, buildTransformer, getRegularisationConfig, type RegularisationConfig } from '../recommend/index.js';
import { Tensor } from '../tensor/tensor.js';
import { mcDropoutPredict } from '../train/mc-dropout.js';
import { crossValidate, fitOnRows, type FitOnRowsResult, type LosoFold, type LosoResult } from '../validate/index.js';
import { trainingFingerprint } from '../validate/rows-in-training.js';
import { gatingLeaks, LeakageError, type GatingLeak } from './leak-gate.js';
import { finalProbabilities, recalibrateFinal, type FinalRecalibration } from './recalibrate-final.js';
import { chooseScheme, type ChosenScheme, type SchemeChoice } from './scheme.js';
import { forwardInBatches } from '../train/forward-batches.js';
import { updatingExperiment, type UpdatingExperimentOptions, type UpdatingExperimentResult } from '../update/updating-experiment.js';
import { runUpdatingExperiment } from './updating-run.js';
import { checkOptions } from '../option-keys.js';

/** Options of {@link developModel}. */
export interface DevelopOptions {
  /** Model family. Default 'mlp'. */
  arch?: 'mlp' | 'transformer';
  /** Validation scheme. Default 'auto': chosen from the schema's roles (see chooseScheme). */
  scheme?: SchemeChoice;
  /** Seed of everything stochastic. Default 0. */
  seed?: number;
  /** Maximum epochs per fit (early stopping usually ends sooner). Default 100. */
  epochs?: number;
  /** MC-dropout passes for the final model's uncertainty (≥ 2). Default 30. */
  mcPasses?: number;
  /**
   * Train even when the leakage audit finds a feature that gives the outcome away (critical
   * `target-proxy`) or identifies the row (critical `id-like-feature`). Default false: such a run
   * throws LeakageError before any training. When true the result lists them in `leaksAllowed`.
   */
  allowLeaks?: boolean;
  /** Called with a short line at each step and after each fold. Default: silent. */
  onProgress?: (text: string) => void;
  /** Draw epoch progress bars on stderr (only sensible on a TTY). Default false. */
  progressBars?: boolean;
  /**
   * Recalibrate the final model (logistic, on its early-stopping rows) and store the mapping in the
   * model so `predictProba` applies it. Default true; skipped with a reason when those rows hold
   * fewer than 10 events or non-events.
   */
  recalibrate?: boolean;
  /**
   * Also validate with domain adaptation ('per-site-norm' or 'dann', needs a site column) and
   * compare it with the unadapted validation: `adaptation-hurts` findings say where it lowered a
   * site's or the pooled AUC beyond the unadapted CI. The final model is not adapted. Default 'none'.
   */
  adapt?: AdaptMethod;
  /**
   * The updating experiment of leave-one-site-out (`update.updatingExperiment` on each held-out
   * site's out-of-fold predictions, seeded by `seed`): sizes m, repeats, minEvaluationRows, alpha.
   * false turns it off; other schemes never run it. Default on with the experiment's defaults
   * (m ∈ {25, 50, 100}, 20 repeats).
   */
  updating?: false | Omit<UpdatingExperimentOptions, 'seed'>;
  /**
   * Options of the cross-site evaluation of the held-out predictions (`validate.evaluateCrossSite`):
   * e.g. the net-benefit `thresholds`, `metaMethod` ('REML' | 'DL'), `metaTest` ('knha' | 'z').
   * Default: evaluateCrossSite's defaults.
   */
  crossSite?: CrossSiteOptions;
}

/** Everything a development run produced (plain data plus the trained model). */
export interface DevelopResult {
  /** Where the data came from (the table's source, or 'table'). */
  source: string;
  table: Table;
  schema: Schema;
  /** Labelled table rows used (rows with a target) and their 0/1 labels. */
  rows: Int32Array;
  y: Uint8Array;
  arch: 'mlp' | 'transformer';
  seed: number;
  /** The validation scheme and why it was chosen. */
  scheme: ChosenScheme;
  /** Leakage audit findings. */
  leakage: Finding[];
  /** Gating leaks trained on anyway because of `allowLeaks` (empty otherwise). */
  leaksAllowed: GatingLeak[];
  /** Shift diagnosis across sites (null without a site column or with one site). */
  shift: ShiftReport | null;
  config: RegularisationConfig;
  /** Cross-validation by the scheme: folds, out-of-fold predictions and their per-site evaluation. */
  validation: LosoResult;
  /** The final model on all rows, trained with the folds' recipe (`validate.fitOnRows`). */
  final: FitOnRowsResult<TensorModule>;
  /** MC-dropout mean and SD of the final model's (not recalibrated) probability for every one of `rows`. */
  uncertainty: { mean: Float32Array; std: Float32Array; passes: number };
  /** The final model's recalibration and its before/after calibration (null when `recalibrate: false`). */
  recalibration: FinalRecalibration | null;
  /** The deployed model's probability for every one of `rows` (eval mode, recalibrated when applied). */
  probability: Float64Array;
  /** Overfitting findings of the final model's history. */
  overfitting: Finding[];
  /** Validation with `adapt` (absent for 'none'): its per-site results, DANN's per-fold choice, and its findings. */
  adaptation?: { method: AdaptMethod; crossSite: CrossSiteResult; selections: Record<string, 'adversarial' | 'warm-up'>; findings: Finding[] };
  /** The updating experiment per held-out site (leave-one-site-out only; absent otherwise or when turned off). */
  updating?: UpdatingExperimentResult;
  /** Every finding: leakage, shift, validation, overfitting. */
  findings: Finding[];
  /** Fingerprint of the development rows (stored in model.json to spot them in later validation data). */
  trainingFingerprint: FingerprintJSON;
}

const DEVELOP_KEYS = { arch: true, scheme: true, seed: true, epochs: true, mcPasses: true, allowLeaks: true, onProgress: true, progressBars: true, recalibrate: true, adapt: true, updating: true, crossSite: true } as const satisfies Record<keyof Required<DevelopOptions>, true>;

/**
 * Develop a clinical prediction model end to end: leakage audit (refusing features that give the
 * outcome away unless `allowLeaks`), shift diagnosis across sites, recommended regularisation,
 * cross-validation by a scheme chosen from the roles (leave-one-site-out, temporal, group k-fold
 * by patient, or stratified k-fold), the final model on every labelled row with the folds' fit
 * recipe, and its MC-dropout uncertainty. Write the outputs with `writeRunOutputs`, or map the
 * result to a report with `toReportInput`.
 * @param table the data (rows with a missing target are left out).
 * @param schema column roles (`data.createSchema`).
 * @param options see {@link DevelopOptions}.
 * @returns see {@link DevelopResult}.
 * @throws LeakageError (code E_LEAKAGE) when a feature leaks and `allowLeaks` is not set.
 * @throws ValueError for bad options, or when the scheme lacks its column or has too few groups.
 * @throws DataError for a non-binary target or a row without a site.
 * @example
 * const table = await data.readCsv('gbsg.csv');
 * const schema = data.createSchema(table, { target: 'event5', exclude: ['rfstime', 'pid'] });
 * const result = develop.developModel(table, schema, { seed: 0 });
 * result.validation.crossSite.pooled.auc;
 */
export function developModel(table: Table, schema: Schema, options: DevelopOptions = {}): DevelopResult {
  checkOptions('developModel', options, DEVELOP_KEYS);
  const arch = options.arch ?? 'mlp';
  const seed = options.seed ?? 0;
  const epochs = options.epochs ?? 100;
  const mcPasses = options.mcPasses ?? 30;
  if (arch !== 'mlp' && arch !== 'transformer') throw new ValueError(`developModel: arch must be 'mlp' or 'transformer'. Received: ${String(arch)}.`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ValueError(`developModel: seed must be a non-negative integer. Received: ${seed}.`);
  if (!Number.isSafeInteger(epochs) || epochs < 1) throw new ValueError(`developModel: epochs must be a positive integer. Received: ${epochs}.`);
  if (!Number.isSafeInteger(mcPasses) || mcPasses < 2) throw new ValueError(`developModel: mcPasses must be an integer ≥ 2. Received: ${mcPasses}.`);
  const note = options.onProgress ?? ((): void => undefined);
  // Bad experiment options fail here, before any fold trains (no site: only the options are checked).
  if (options.updating !== undefined && options.updating !== false) updatingExperiment([], { ...options.updating, seed });
  const siteRows = schema.site === undefined ? undefined : rowsPerSite(table.strings(schema.site));
  const scheme = chooseScheme(schema, options.scheme ?? 'auto', siteRows);

  note('leakage audit');
  const leakage = auditLeakage(table, schema, auditFolds(table, schema, scheme));
  const leaks = gatingLeaks(leakage, schema.features);
  if (leaks.length > 0 && options.allowLeaks !== true) throw new LeakageError(leaks);

  const rows = rowsWithTarget(table, schema);
  // One class only is refused here, before any fold (H4, #19): training would 'succeed' on nothing.
  const y = binaryTarget(table, schema, { rows, requireBothClasses: true });
  let shift: ShiftReport | null = null;
  if (schema.site !== undefined && siteRows!.length >= 2) {
    note('shift diagnosis');
    shift = detectShift(table, schema);
  }
  const events = y.reduce((a, v) => a + v, 0);
  const positiveRate = events / y.length;
  const config = getRegularisationConfig({
    datasetSize: rows.length,
    architecture: arch,
    nFeatures: schema.features.length,
    ...(positiveRate > 0 && positiveRate < 1 ? { positiveRate } : {}),
  });
  const build = (nFeatures: number): TensorModule => (arch === 'transformer' ? buildTransformer(config, nFeatures) : buildModel(config, nFeatures));
  const common = {
    lr: config.optimizer.lr,
    weightDecay: config.weightDecay,
    labelSmoothing: config.labelSmoothing,
    patience: config.earlyStopping.patience,
    epochs,
    batchSize: 32,
    seed,
    progress: options.progressBars === true ? 'bar' : 'none',
  } as const;
  const crossSite = options.crossSite !== undefined ? { crossSite: options.crossSite } : {};
  note(`${scheme.scheme} validation (${scheme.reason})`);
  // Site-grouped k-fold: group by site even with a patient column (patients are nested in sites).
  const { patient: _patient, ...bySite } = schema;
  const validation = crossValidate(build, table, scheme.groupBySite === true ? bySite : schema, {
    ...common,
    ...crossSite,
    scheme: scheme.scheme,
    onFold: (fold: LosoFold, index: number, total: number) => {
      const auc = fold.externalAuc === null ? 'undefined (one class)' : fold.externalAuc.toFixed(3);
      note(`fold ${index + 1}/${total}: held out ${fold.site}, test AUC ${auc}`);
    },
  });

  let updating: UpdatingExperimentResult | undefined;
  if (scheme.scheme === 'leave-one-site-out' && options.updating !== false) {
    note('updating experiment (intercept, logistic, closed test on m local patients per held-out site)');
    updating = runUpdatingExperiment(validation, { ...(options.updating ?? {}), seed });
  }

  let adaptation: DevelopResult['adaptation'];
  if (options.adapt !== undefined && options.adapt !== 'none') {
    note(`${scheme.scheme} validation with ${options.adapt}`);
    const dann = { hiddenSizes: config.hiddenSizes, dropout: config.dropout, lr: common.lr, weightDecay: common.weightDecay, patience: common.patience, warmupEpochs: epochs, epochs };
    const adapted = crossValidate(build, table, schema, { ...common, ...crossSite, scheme: scheme.scheme, adapt: options.adapt, dann });
    const selections = adapted.adaptation?.selections ?? {};
    adaptation = { method: options.adapt, crossSite: adapted.crossSite, selections, findings: adaptationFindings(validation.crossSite, adapted.crossSite, options.adapt) };
  }

  note('final model on all rows');
  const allSites = schema.site === undefined ? undefined : table.strings(schema.site);
  const sites = Array.from(rows, (r) => (allSites === undefined ? 'all' : (allSites[r] ?? '')));
  const final = fitOnRows(build, table, schema, rows, y, { ...common, sites });
  const x = new Tensor(final.preprocessor.transform(table, rows), [rows.length, final.preprocessor.featureNames.length]);
  final.model.eval();
  const logits = Float64Array.from(forwardInBatches(final.model, x).data); // chunked (H4, #19)
  let recalibration: FinalRecalibration | null = null;
  if (options.recalibrate !== false) {
    const position = new Map(Array.from(rows, (r, k) => [r, k]));
    const val = Array.from(final.valRows, (r) => position.get(r)!);
    recalibration = recalibrateFinal(Float64Array.from(val, (k) => logits[k]!), Uint8Array.from(val, (k) => y[k]!), `early-stopping rows of ${table.source ?? 'the development table'}`);
    note(`final model ${recalibration.reason}`);
  }
  note(`MC dropout (${mcPasses} passes)`);
  const mc = mcDropoutPredict(final.model, x, { passes: mcPasses, seed });
  const overfitting = diagnoseOverfitting(final.history);
  return {
    source: table.source ?? 'table',
    table,
    schema,
    rows,
    y,
    arch,
    seed,
    scheme,
    leakage,
    leaksAllowed: leaks,
    shift,
    config,
    validation,
    final,
    uncertainty: { mean: mc.mean, std: mc.std, passes: mcPasses },
    recalibration,
    probability: finalProbabilities(logits, recalibration),
    overfitting,
    ...(adaptation !== undefined ? { adaptation } : {}),
    ...(updating !== undefined ? { updating } : {}),
    findings: [...leakage, ...(shift?.findings ?? []), ...validation.crossSite.findings, ...(adaptation?.findings ?? []), ...overfitting],
    trainingFingerprint: trainingFingerprint(table, schema.features, rows),
  };
}

/** Rows of each site (missing sites left out). */
function rowsPerSite(sites: readonly (string | null)[]): number[] {
  const counts = new Map<string, number>();
  for (const s of sites) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.values()];
}

/**
 * The split the leakage audit checks: the schema's split column, else the site folds the validation
 * holds out — each site in turn, or for site-grouped k-fold (many small sites) crossValidate's
 * GroupKFold by site over the labelled rows (5 folds, its default) — else none. Auditing 200 one-site
 * folds under a 5-fold validation reported duplicates 'in 4 of 200 folds'.
 */
function auditFolds(table: Table, schema: Schema, scheme: ChosenScheme): { folds?: { train: Int32Array; test: Int32Array }[] } {
  if (schema.split !== undefined || schema.site === undefined) return {};
  const groups = table.strings(schema.site).map((s) => s ?? '');
  if (new Set(groups).size < 2) return {};
  if (scheme.groupBySite === true) {
    const rows = rowsWithTarget(table, schema);
    const labelled = Array.from(rows, (r) => groups[r]!);
    const k = Math.min(5, new Set(labelled).size);
    if (k < 2) return {};
    return {
      folds: [...new GroupKFold({ nSplits: k }).split(rows.length, undefined, labelled)].map((f) => ({
        train: Int32Array.from(f.train, (i) => rows[i]!),
        test: Int32Array.from(f.test, (i) => rows[i]!),
      })),
    };
  }
  return { folds: [...new LeaveOneGroupOut().split(table.nRows, undefined, groups)] };
}
