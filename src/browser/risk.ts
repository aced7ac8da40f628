import { ValueError } from '../errors.js';
import { flagUnlikeSites, storedSiteProfiles } from '../conformal/site-profile.js';
import type { TabularPreprocessor } from '../data/preprocessing/tabular-preprocessor.js';
import type { Table } from '../data/table.js';
import { predictProba } from '../develop/predict-proba.js';
import type { LoadedModel } from '../io/model-bytes.js';
import { Tensor } from '../tensor/tensor.js';
import { mcDropoutPredict } from '../train/mc-dropout.js';
import { applyRecalibration, sigmoid } from '../update/apply-recalibration.js';

/** A loaded model that can score tables: preprocessing present. */
export type ScoringModel = LoadedModel & { preprocessor: TabularPreprocessor };

/** Options of {@link riskInterval}. */
export interface RiskIntervalOptions {
  /** MC-dropout passes. Default 30. */
  passes?: number;
  /** Seed set before each row's passes, so a patient's interval never depends on the batch. Default 0 (as `clinreg predict --mc`). */
  seed?: number;
  /** Lower and upper percentiles of the passes' risks (numpy 'linear'). Default [10, 90]. */
  percentiles?: [number, number];
}

/** One row's MC-dropout risk interval. */
export interface RiskInterval {
  lower: number;
  upper: number;
  /** Every pass's risk, in pass order. */
  samples: Float64Array;
}

function inputs(m: ScoringModel, table: Table, rows?: ArrayLike<number>): Tensor {
  const x = m.preprocessor.transform(table, rows);
  return new Tensor(x, [rows?.length ?? table.nRows, m.preprocessor.featureNames.length]);
}

/**
 * Predicted risk of every row of `table`, as `clinreg predict` computes it (`develop.predictProba`):
 * the saved preprocessing, one eval-mode forward pass and the stored recalibration (model.json
 * `recalibration`) applied to the logit.
 * @param m a loaded model with preprocessing.
 * @param table rows with the model's feature columns.
 * @returns Float64Array of probabilities, one per row.
 * @throws DataError when a feature is missing or mistyped.
 * @example const p = predictRisk(loaded, data.fromRows(header, [row]));
 */
export function predictRisk(m: ScoringModel, table: Table): Float64Array {
  return predictProba(m, table);
}

/**
 * MC-dropout interval of one row's risk (Gal & Ghahramani, 2016): `passes` forward passes with
 * only Dropout stochastic, seeded per row, each logit recalibrated as in {@link predictRisk}, then
 * the two percentiles of the passes' risks.
 * @param m a loaded model with preprocessing and at least one Dropout layer.
 * @param table the data.
 * @param row the table row.
 * @param options passes, seed, percentiles.
 * @throws ValueError for a bad row or percentiles, or a model without Dropout.
 * @example const { lower, upper } = riskInterval(loaded, table, 0);
 */
export function riskInterval(m: ScoringModel, table: Table, row: number, options: RiskIntervalOptions = {}): RiskInterval {
  if (!Number.isInteger(row) || row < 0 || row >= table.nRows) {
    throw new ValueError(`riskInterval: row must be an integer in [0, ${table.nRows}). Received: row=${row}.`);
  }
  const [lo, hi] = options.percentiles ?? [10, 90];
  if (!(lo >= 0 && lo <= hi && hi <= 100)) {
    throw new ValueError(`riskInterval: percentiles must satisfy 0 ≤ lower ≤ upper ≤ 100. Received: [${lo}, ${hi}].`);
  }
  const mc = mcDropoutPredict(m.model, inputs(m, table, [row]), {
    passes: options.passes ?? 30,
    seed: options.seed ?? 0,
    activation: 'identity',
    returnSamples: true,
  });
  const samples = m.recalibration === null ? Float64Array.from(mc.samples!, sigmoid) : applyRecalibration(mc.samples!, m.recalibration);
  const sorted = Float64Array.from(samples).sort();
  return { lower: percentile(sorted, lo), upper: percentile(sorted, hi), samples };
}

/** The unlike-sites check of a table: which rows resemble none of the development sites. */
export interface UnlikeSitesCheck {
  /** Share of a site's own rows allowed above its threshold (model.json `siteProfiles.level`). */
  level: number;
  /** The development sites and their sizes, as stored with the profiles. */
  sites: { site: string; n: number }[];
  /** Flagged rows (0-based table rows), each with its closest site and distance/threshold ratio (> 1). */
  flagged: { row: number; closestSite: string; ratio: number }[];
}

/**
 * Rows unlike every development site, flagged exactly as `clinreg predict` flags them (its JSON
 * `unlikeSites`): the site profiles stored with the model (model.json `metadata.siteProfiles`,
 * written by `clinreg train --site`) and conformal.flagUnlikeSites on the rows as the saved
 * preprocessing turns them into model inputs.
 * @param m a loaded model with preprocessing.
 * @param table rows with the model's feature columns.
 * @returns the check, or null when the model stores no site profiles (trained without --site).
 * @throws ValueError when the stored profiles are malformed or do not have the model's inputs.
 * @example const check = unlikeSites(loaded, table); if (check?.flagged.length) warn();
 */
export function unlikeSites(m: ScoringModel, table: Table): UnlikeSitesCheck | null {
  const profiles = storedSiteProfiles(m.metadata);
  if (profiles === null) return null;
  const p = m.preprocessor.featureNames.length;
  if (profiles.sites.some((s) => s.mean.length !== p || s.sd.length !== p)) {
    throw new ValueError(`unlikeSites: the stored site profiles must have the model's ${p} inputs. Received: ${profiles.sites[0]!.mean.length}.`);
  }
  return {
    level: profiles.level,
    sites: profiles.sites.map((s) => ({ site: s.site, n: s.n })),
    flagged: flagUnlikeSites(profiles, m.preprocessor.transform(table)),
  };
}

/** numpy.percentile (method 'linear') of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * (q / 100);
  const prev = Math.min(Math.floor(virtual), n - 1);
  const gamma = virtual - prev;
  const a = sorted[prev]!;
  const b = sorted[Math.min(prev + 1, n - 1)]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
