// The steps of a development run, shared by developModel (one thread) and developModelAsync
// (folds on worker threads): each step is the same code whichever runs it, so the numbers agree.
import { readWithFinalRecalibration } from './recalibrated-findings.js';
import { ValueError } from '../errors.js';
import { adaptationFindings } from '../adapt/adaptation-hurts.js';
import type { Finding } from '../checks/finding.js';
import { auditLeakage, detectShift, diagnoseOverfitting, type ShiftReport } from '../checks/index.js';
import { binaryTarget, rowsWithTarget } from '../data/binary-target.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { FingerprintJSON } from '../data/preprocessing/state.js';
import type { TensorModule } from '../nn/index.js';
import { getRegularisationConfig, type RegularisationConfig } from '../recommend/index.js';
import { Tensor } from '../tensor/tensor.js';
import { mcDropoutPredict } from '../train/mc-dropout.js';
import { forwardInBatches } from '../train/forward-batches.js';
import { updatingExperiment, type UpdatingExperimentOptions, type UpdatingExperimentResult } from '../update/updating-experiment.js';
import { crossValidate, fitOnRows, type CrossValidateOptions, type LosoResult } from '../validate/index.js';
import { trainingFingerprint } from '../validate/rows-in-training.js';
import type { DevelopOptions, DevelopResult } from './develop-model.js';
import { buildFromSpec, type ModelSpec } from './fold-task.js';
import { gatingLeaks, LeakageError, type GatingLeak } from './leak-gate.js';
import { finalProbabilities, recalibrateFinal, type FinalRecalibration } from './recalibrate-final.js';
import { chooseScheme, type ChosenScheme } from './scheme.js';
import { leakageAuditFolds } from './audit-folds.js';
import { runUpdatingExperiment } from './updating-run.js';

/** What every later step of a run needs: checked options, audit, labelled rows, config and fit recipe. */
export interface DevelopPlan {
  arch: 'mlp' | 'transformer';
  seed: number;
  epochs: number;
  mcPasses: number;
  note: (text: string) => void;
  /** Sites with rows (undefined without a site column). */
  nSites: number | undefined;
  scheme: ChosenScheme;
  leakage: Finding[];
  leaks: GatingLeak[];
  rows: Int32Array;
  y: Uint8Array;
  config: RegularisationConfig;
  /** The model as data (worker threads build it) and as a builder. */
  model: ModelSpec;
  build: (nFeatures: number) => TensorModule;
  /** The fit recipe of every fold and of the final model. */
  common: { lr: number; weightDecay: number; labelSmoothing: number; patience: number; epochs: number; batchSize: number; seed: number; progress: 'bar' | 'none' };
  crossSite: Pick<DevelopOptions, 'crossSite'>;
  /** The schema the validation folds use (site-grouped k-fold: grouped by site, patient dropped). */
  cvSchema: Schema;
}

/**
 * Check the options, audit leakage (LeakageError unless allowed), and derive the labelled rows, the
 * recommended config and the fit recipe. Notes 'leakage audit'.
 */
export function planDevelopment(table: Table, schema: Schema, options: DevelopOptions): DevelopPlan {
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
  const leakage = auditLeakage(table, schema, auditFoldsOf(table, schema, scheme));
  const leaks = gatingLeaks(leakage, schema.features);
  if (leaks.length > 0 && options.allowLeaks !== true) throw new LeakageError(leaks);

  const rows = rowsWithTarget(table, schema);
  // One class only is refused here, before any fold (H4, #19): training would 'succeed' on nothing.
  const y = binaryTarget(table, schema, { rows, requireBothClasses: true });
  const events = y.reduce((a, v) => a + v, 0);
  const positiveRate = events / y.length;
  const config = getRegularisationConfig({
    datasetSize: rows.length,
    architecture: arch,
    nFeatures: schema.features.length,
    ...(positiveRate > 0 && positiveRate < 1 ? { positiveRate } : {}),
  });
  const model: ModelSpec = { arch, config };
  // Site-grouped k-fold: group by site even with a patient column (patients are nested in sites).
  const { patient: _patient, ...bySite } = schema;
  return {
    arch,
    seed,
    epochs,
    mcPasses,
    note,
    nSites: siteRows?.length,
    scheme,
    leakage,
    leaks,
    rows,
    y,
    config,
    model,
    build: (nFeatures) => buildFromSpec(model, nFeatures),
    common: {
      lr: config.optimizer.lr,
      weightDecay: config.weightDecay,
      labelSmoothing: config.labelSmoothing,
      patience: config.earlyStopping.patience,
      epochs,
      batchSize: 32,
      seed,
      progress: options.progressBars === true ? 'bar' : 'none',
      // Site-grouped folds drop the patient from their schema; their early stopping still keeps patients whole.
      ...(schema.patient !== undefined ? { innerPatient: schema.patient } : {}),
    },
    crossSite: options.crossSite !== undefined ? { crossSite: options.crossSite } : {},
    cvSchema: scheme.groupBySite === true ? bySite : schema,
  };
}

/** Shift diagnosis across sites (null without a site column or with one site). Notes 'shift diagnosis'. */
export function diagnoseShiftStep(table: Table, schema: Schema, plan: DevelopPlan): ShiftReport | null {
  if (schema.site === undefined || plan.nSites! < 2) return null;
  plan.note('shift diagnosis');
  return detectShift(table, schema);
}

/** The validation's `crossValidate` options (without onFold) and the note that starts it. */
export function validationOptions(plan: DevelopPlan): CrossValidateOptions {
  return { ...plan.common, ...plan.crossSite, scheme: plan.scheme.scheme };
}

/** The note of a validation fold. */
export function foldNote(fold: { externalAuc: number | null; site: string }, index: number, total: number): string {
  const auc = fold.externalAuc === null ? 'undefined (one class)' : fold.externalAuc.toFixed(3);
  return `fold ${index + 1}/${total}: held out ${fold.site}, test AUC ${auc}`;
}

/** The leave-one-site-out updating experiment (undefined for other schemes or when turned off). */
export function updatingStep(plan: DevelopPlan, options: DevelopOptions, validation: LosoResult): UpdatingExperimentResult | undefined {
  const experiment = updatingOptions(plan, options);
  return experiment === undefined ? undefined : runUpdatingExperiment(validation, experiment);
}

/** The updating experiment's options, undefined when it does not run (other schemes, turned off); notes its start. */
export function updatingOptions(plan: DevelopPlan, options: DevelopOptions): UpdatingExperimentOptions | undefined {
  if (plan.scheme.scheme !== 'leave-one-site-out' || options.updating === false) return undefined;
  plan.note('updating experiment (intercept, logistic, closed test on m local patients per held-out site)');
  return { ...(options.updating ?? {}), seed: plan.seed };
}

/** Validation with domain adaptation, compared with the plain one (undefined for 'none'). Runs on this thread. */
export function adaptationStep(table: Table, plan: DevelopPlan, options: DevelopOptions, validation: LosoResult): DevelopResult['adaptation'] {
  if (options.adapt === undefined || options.adapt === 'none') return undefined;
  plan.note(`${plan.scheme.scheme} validation with ${options.adapt}`);
  const { config, common, epochs } = plan;
  const dann = { hiddenSizes: config.hiddenSizes, dropout: config.dropout, lr: common.lr, weightDecay: common.weightDecay, patience: common.patience, warmupEpochs: epochs, epochs };
  // The same folds as the plain validation it is compared with (site-grouped k-fold drops the patient key).
  const adapted = crossValidate(plan.build, table, plan.cvSchema, { ...validationOptions(plan), adapt: options.adapt, dann });
  const selections = adapted.adaptation?.selections ?? {};
  return { method: options.adapt, crossSite: adapted.crossSite, selections, findings: adaptationFindings(validation.crossSite, adapted.crossSite, options.adapt) };
}

/** The final model and what is computed from it. */
export type FinalStep = Pick<DevelopResult, 'final' | 'uncertainty' | 'recalibration' | 'probability' | 'overfitting'>;

/** The final model on all rows, its recalibration and MC-dropout uncertainty. Notes each part. */
export function finalStep(table: Table, schema: Schema, plan: DevelopPlan, options: DevelopOptions): FinalStep {
  const { rows, y, note, seed, mcPasses } = plan;
  note('final model on all rows');
  const allSites = schema.site === undefined ? undefined : table.strings(schema.site);
  const sites = Array.from(rows, (r) => (allSites === undefined ? 'all' : (allSites[r] ?? '')));
  const final = fitOnRows(plan.build, table, schema, rows, y, { ...plan.common, sites });
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
  return {
    final,
    uncertainty: { mean: mc.mean, std: mc.std, passes: mcPasses },
    recalibration,
    probability: finalProbabilities(logits, recalibration),
    overfitting: diagnoseOverfitting(final.history),
  };
}

/** The result of a run from its steps (the same object whichever thread ran the folds); `fingerprint` when computed before. */
export function assembleResult(
  table: Table,
  schema: Schema,
  plan: DevelopPlan,
  shift: ShiftReport | null,
  validation: LosoResult,
  updating: UpdatingExperimentResult | undefined,
  adaptation: DevelopResult['adaptation'],
  last: FinalStep,
  fingerprint: FingerprintJSON = trainingFingerprint(table, schema.features, plan.rows),
): DevelopResult {
  const { rows, y, leakage } = plan;
  return {
    source: table.source ?? 'table',
    table,
    schema,
    rows,
    y,
    arch: plan.arch,
    seed: plan.seed,
    scheme: plan.scheme,
    leakage,
    leaksAllowed: plan.leaks,
    shift,
    config: plan.config,
    validation,
    final: last.final,
    uncertainty: last.uncertainty,
    recalibration: last.recalibration,
    probability: last.probability,
    overfitting: last.overfitting,
    ...(adaptation !== undefined ? { adaptation } : {}),
    ...(updating !== undefined ? { updating } : {}),
    findings: [
      ...leakage,
      ...(shift?.findings ?? []),
      ...readWithFinalRecalibration(validation.crossSite.findings, last.recalibration, schema.site !== undefined),
      ...(adaptation?.findings ?? []),
      ...last.overfitting,
    ],
    trainingFingerprint: fingerprint,
  };
}

/** Rows of each site (missing sites left out). */
function rowsPerSite(sites: readonly (string | null)[]): number[] {
  const counts = new Map<string, number>();
  for (const s of sites) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.values()];
}

/** The audit options for the folds the validation holds out (see {@link leakageAuditFolds}). */
function auditFoldsOf(table: Table, schema: Schema, scheme: ChosenScheme): { folds?: { train: Int32Array; test: Int32Array }[] } {
  const { folds } = leakageAuditFolds(table, schema, scheme);
  return folds === undefined ? {} : { folds };
}
