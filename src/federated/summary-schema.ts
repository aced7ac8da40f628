// The site-summary file format (clinreg.site-summary v1): types and zod validation.
import * as z from 'zod';
import { DataError } from '../errors.js';

/** Smallest patient count written for any site, bin or level (small-cell suppression). */
export const MIN_CELL = 5;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const count = z.number().int().refine((v) => v === 0 || v >= MIN_CELL, `a count must be 0 or at least ${MIN_CELL}`);
const positiveCount = z.number().int().min(MIN_CELL);
const interval = z.tuple([finite, finite]).nullable();
const probability = finite.refine((v) => v >= 0 && v <= 1, 'expected a probability in [0, 1]');

const calibrationBinSchema = z.object({
  lower: probability,
  upper: probability,
  n: positiveCount,
  events: positiveCount,
  meanPredicted: probability,
}).strict();

const numericFeatureSchema = z.object({
  feature: z.string(),
  kind: z.literal('numeric'),
  missing: count.nullable(),
  edges: z.array(finite).min(2).max(1000),
  bins: z.array(z.object({ first: z.number().int().nonnegative(), last: z.number().int().nonnegative(), count: positiveCount }).strict()).max(1001),
}).strict();

const categoricalFeatureSchema = z.object({
  feature: z.string(),
  kind: z.literal('categorical'),
  missing: count.nullable(),
  groups: z.array(z.object({ levels: z.array(z.string()).min(1).max(100_000), count: positiveCount }).strict()).max(100_000),
}).strict();

const siteRecordSchema = z.object({
  site: z.string(),
  suppressed: z.literal(false),
  n: positiveCount,
  events: positiveCount,
  nonEvents: positiveCount,
  auc: probability.nullable(),
  ci: interval,
  se: finite.nonnegative().nullable(),
  brier: finite,
  ece: finite,
  calibration: z.object({ slope: finite, intercept: finite }).strict().nullable(),
  expected: finite.positive(),
  oe: finite.nullable(),
  oeCi: interval,
  seLogOe: finite.nullable(),
  citl: finite.nullable(),
  citlCi: interval,
  citlSe: finite.nullable(),
  slope: finite.nullable(),
  slopeCi: interval,
  slopeSe: finite.nullable(),
  calibrationExcluded: z.number().int().positive().optional(),
  ici: finite.nullable(),
  e50: finite.nullable(),
  e90: finite.nullable(),
  emax: finite.nullable(),
  scaledBrier: finite.nullable(),
  netBenefit: z.array(z.object({ threshold: probability, model: finite, treatAll: finite }).strict()).max(10_000),
  sampleSize: z.object({
    oe: finite, slope: finite, cstatistic: finite, n: finite, events: finite, binding: z.enum(['oe', 'slope', 'cstatistic', 'netBenefit']),
    seOe: finite, seSlope: finite, adequate: z.boolean(), adequateForAuc: z.boolean(),
  }).strict().optional(),
  calibrationBins: z.array(calibrationBinSchema).max(100),
  features: z.array(z.discriminatedUnion('kind', [numericFeatureSchema, categoricalFeatureSchema])).max(100_000),
}).strict();

const suppressedSiteSchema = z.object({
  site: z.string(),
  suppressed: z.literal(true),
  reason: z.string(),
}).strict();

/** zod schema of a site-summary file. */
export const siteSummaryFileSchema = z.object({
  format: z.literal('clinreg.site-summary'),
  version: z.literal(1),
  minCell: z.literal(MIN_CELL),
  /** The model summarised (its model.json creation time): meta refuses to pool different models. */
  model: z.object({ created: z.string().max(100) }).strict().optional(),
  target: z.string(),
  positive: z.string().optional(),
  level: finite.refine((v) => v > 0 && v < 1, 'expected a level in (0, 1)'),
  thresholds: z.array(probability).max(10_000),
  sites: z.array(z.discriminatedUnion('suppressed', [siteRecordSchema, suppressedSiteSchema])).min(1).max(100_000),
}).strict();

/** One site's aggregate numbers as written to a summary (every count ≥ {@link MIN_CELL}). */
export type SiteRecord = z.infer<typeof siteRecordSchema>;
/** A site too small to summarise: named, with no numbers. */
export type SuppressedSite = z.infer<typeof suppressedSiteSchema>;
/** A numeric feature's histogram on fixed edges (bins merged to ≥ {@link MIN_CELL}). */
export type NumericFeatureSummary = z.infer<typeof numericFeatureSchema>;
/** A categorical feature's level counts (levels merged to ≥ {@link MIN_CELL}). */
export type CategoricalFeatureSummary = z.infer<typeof categoricalFeatureSchema>;
/** Either feature summary. */
export type FeatureSummary = NumericFeatureSummary | CategoricalFeatureSummary;
/** A calibration-curve bin of predicted risk with its counts. */
export type CalibrationBinSummary = z.infer<typeof calibrationBinSchema>;
/** The whole site-summary file. */
export type SiteSummaryFile = z.infer<typeof siteSummaryFileSchema>;

/**
 * Parse and validate a site-summary file's text (format clinreg.site-summary v1), including the
 * consistency a tampered file breaks: events + nonEvents = n, bins within the site's counts.
 * @param text the JSON text. @param file its path, for the error.
 * @throws DataError naming the file and the first bad field.
 * @example const s = federated.parseSiteSummary(readFileSync('a.summary.json', 'utf8'), 'a.summary.json');
 */
export function parseSiteSummary(text: string, file: string): SiteSummaryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DataError(`not a site summary: invalid JSON (${(e as Error).message}). Fix: pass a file written by clinreg validate --summary-only.`, { file });
  }
  const r = siteSummaryFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new DataError(`not a valid site summary at '${path}': ${issue.message}. Fix: pass the unmodified file written by clinreg validate --summary-only.`, { file });
  }
  for (const s of r.data.sites) {
    if (s.suppressed) continue;
    const bad =
      s.events + s.nonEvents !== s.n ? 'events + nonEvents differs from n'
      : s.calibrationBins.reduce((a, b) => a + b.n, 0) !== s.n ? 'the calibration bins do not add up to n'
      : s.calibrationBins.some((b) => b.events > b.n - MIN_CELL) ? 'a calibration bin has fewer than 5 non-events'
      : s.netBenefit.length !== r.data.thresholds.length ? 'net benefit is not on the threshold grid'
      : null;
    if (bad !== null) throw new DataError(`site summary is inconsistent at site '${s.site}': ${bad}. Fix: pass the unmodified file written by clinreg validate --summary-only.`, { file });
  }
  return r.data;
}
