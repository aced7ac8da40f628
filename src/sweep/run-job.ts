import { DataError } from '../errors.js';
import { kernelInfo } from '../kernels/doctor.js';
import { buildMlp } from '../recommend/build-model.js';
import { runFold } from '../validate/fold-engine.js';
import { loadDataRef } from './data-ref.js';
import { schemeFolds, schemeSchema, type SweepJob } from './plan.js';

/** What one job gave: the held-out probabilities of its fold and the fold's summary. Plain JSON data. */
export interface SweepJobResult {
  /** The job's id (results are deduplicated by it). */
  jobId: string;
  sweep: string;
  configIndex: number;
  foldIndex: number;
  foldName: string;
  /** Probability of each test row of the fold, in the fold's order (JSON round-trips doubles exactly). */
  prob: number[];
  /** Rows fitted on (inner training rows) and rows tested. */
  nTrain: number;
  nTest: number;
  /** Sites with rows in the development set. */
  trainSites: string[];
  /** Whole site(s) held out for early stopping, or 'site-stratified'. */
  innerValidation: string[] | 'site-stratified';
  /** AUC on the rows fitted on, the inner early-stopping rows and the held-out fold (null with one class). */
  developmentAuc: number | null;
  internalAuc: number | null;
  externalAuc: number | null;
  /** Epoch whose weights were kept (early stopping), and epochs run. */
  bestEpoch: number | null;
  epochsRun: number;
  /**
   * The kernels that computed it, e.g. 'native avx2', 'wasm relaxed-simd', 'ts'. Tiers agree to about
   * 1e-5, not bit for bit: equal numbers across machines need the same tier on every worker.
   */
  kernels: string;
}

/**
 * Run one sweep job: load the data by content hash (checked), rebuild the scheme's folds, and
 * train and test the job's configuration on its fold with `fitOnRows`' recipe (the same code and
 * seeds as `crossValidate`). The result depends only on the job.
 * @param job a job of `planSweep`.
 * @throws DataError when the data's hash does not match, or the rebuilt folds do not have the job's
 *   fold (the data or clinreg version differ from the submitter's).
 * @example const result = sweep.runSweepJob(plan.jobs[0]);
 */
export function runSweepJob(job: SweepJob): SweepJobResult {
  const { table, schema } = loadDataRef(job.data);
  const plan = schemeFolds(table, schema, job.scheme, job.seed);
  const spec = plan.folds[job.foldIndex];
  if (spec === undefined || spec.name !== job.foldName) {
    throw new DataError(
      `sweep job ${job.id}: the ${job.scheme.scheme} folds rebuilt here have no fold ${job.foldIndex} '${job.foldName}' (found ${plan.folds.length} folds). Fix: run workers with the submitter's clinreg version.`,
      { file: job.data.path },
    );
  }
  const c = job.config;
  const { fold, prob } = runFold((n) => buildMlp({ nFeatures: n, hiddenSizes: c.hiddenSizes, dropout: c.dropout }), table, schemeSchema(schema, job.scheme), plan.data, spec, job.foldIndex, {
    seed: job.seed,
    lr: c.lr,
    weightDecay: c.weightDecay,
    labelSmoothing: c.labelSmoothing,
    epochs: c.epochs,
    batchSize: c.batchSize,
    patience: c.patience,
    // As train: site-grouped folds drop the patient from their schema, their early stopping keeps patients whole.
    ...(schema.patient !== undefined ? { innerPatient: schema.patient } : {}),
    ...(plan.excludeFromDevelopment !== undefined ? { excludeFromDevelopment: plan.excludeFromDevelopment } : {}),
  });
  return {
    jobId: job.id,
    sweep: job.sweep,
    configIndex: job.configIndex,
    foldIndex: job.foldIndex,
    foldName: job.foldName,
    prob: Array.from(prob),
    nTrain: fold.nTrain,
    nTest: fold.nTest,
    trainSites: fold.trainSites,
    innerValidation: fold.innerValidation,
    developmentAuc: fold.developmentAuc,
    internalAuc: fold.internalAuc,
    externalAuc: fold.externalAuc,
    bestEpoch: fold.history?.bestEpoch ?? null,
    epochsRun: fold.history?.epochs.length ?? 0,
    kernels: kernelLabel(),
  };
}

let label: string | undefined;
/** The active kernel tier (and native ISA path, or wasm flavour) of this thread, once. */
function kernelLabel(): string {
  if (label !== undefined) return label;
  const info = kernelInfo();
  label = info.tier === 'native' ? `native ${info.nativeIsa ?? ''}`.trim() : info.tier === 'wasm' ? `wasm ${info.relaxedSimd ? 'relaxed-simd' : 'simd'}` : 'ts';
  return label;
}
