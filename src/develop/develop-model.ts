import type { AdaptMethod } from '../adapt/adaptation-plan.js';
import type { CrossSiteOptions, CrossSiteResult } from '../validate/cross-site.js';
import type { Finding } from '../checks/finding.js';
import type { ShiftReport } from '../checks/index.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { FingerprintJSON } from '../data/preprocessing/state.js';
import type { TensorModule } from '../nn/index.js';
import type { RegularisationConfig } from '../recommend/index.js';
import { crossValidate, type FitOnRowsResult, type LosoFold, type LosoResult } from '../validate/index.js';
import type { GatingLeak } from './leak-gate.js';
import type { FinalRecalibration } from './recalibrate-final.js';
import type { ChosenScheme, SchemeChoice } from './scheme.js';
import type { UpdatingExperimentOptions, UpdatingExperimentResult } from '../update/updating-experiment.js';
import { checkOptions } from '../option-keys.js';
import { adaptationStep, assembleResult, diagnoseShiftStep, finalStep, foldNote, planDevelopment, updatingStep, validationOptions, type DevelopPlan } from './develop-steps.js';

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

/** Option names of {@link DevelopOptions} (kept in step with the type by `satisfies`). */
export const DEVELOP_KEYS = { arch: true, scheme: true, seed: true, epochs: true, mcPasses: true, allowLeaks: true, onProgress: true, progressBars: true, recalibrate: true, adapt: true, updating: true, crossSite: true } as const satisfies Record<keyof Required<DevelopOptions>, true>;

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
  return developOnThisThread(table, schema, planDevelopment(table, schema, options), options);
}

/** The rest of `developModel` after planning, every step on this thread. Internal to develop/. */
export function developOnThisThread(table: Table, schema: Schema, plan: DevelopPlan, options: DevelopOptions): DevelopResult {
  const shift = diagnoseShiftStep(table, schema, plan);
  plan.note(`${plan.scheme.scheme} validation (${plan.scheme.reason})`);
  const validation = crossValidate(plan.build, table, plan.cvSchema, {
    ...validationOptions(plan),
    onFold: (fold: LosoFold, index: number, total: number) => plan.note(foldNote(fold, index, total)),
  });
  const updating = updatingStep(plan, options, validation);
  const adaptation = adaptationStep(table, plan, options, validation);
  return assembleResult(table, schema, plan, shift, validation, updating, adaptation, finalStep(table, schema, plan, options));
}
