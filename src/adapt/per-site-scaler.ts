import { DataError, NotFittedError, ValueError } from '../errors.js';
import type { Table } from '../data/table.js';

/** Per-site mean and standard deviation of each feature. */
export interface SiteStats {
  mean: number[];
  std: number[];
  n: number;
}

/** Options of `PerSiteStandardScaler`. */
export interface PerSiteStandardScalerOptions {
  /** Numeric feature columns to standardise. */
  features: readonly string[];
  /** The site column. */
  site: string;
  /**
   * A site not seen in `fit`: 'fit-on-arrival' (default) standardises it with statistics of its
   * own rows in the table being transformed (unlabelled rows suffice); 'error' refuses.
   */
  unseenSites?: 'fit-on-arrival' | 'error';
}

/**
 * Per-site feature normalisation, the simplest domain adaptation of the seed's Q5 ("feature
 * normalisation"): each site's numeric features are standardised with that site's own mean and
 * population standard deviation (zero variance → scale 1, as scikit-learn), removing site-level
 * offsets and scale differences (units, assay calibration). A new hospital needs only its own
 * unlabelled rows. Missing values (NaN) stay missing; a feature never observed at a site stays NaN.
 * Its output is a Table with the same columns, so the usual preprocessing (imputation, one-hot)
 * follows it.
 * @example
 * const scaler = new adapt.PerSiteStandardScaler({ features: ['age', 'chol'], site: 'site' });
 * const normalised = scaler.fit(table).transform(table);
 */
export class PerSiteStandardScaler {
  readonly features: readonly string[];
  readonly site: string;
  readonly unseenSites: 'fit-on-arrival' | 'error';
  private stats: Map<string, SiteStats> | undefined;

  /** @throws ValueError for an empty feature list or a bad unseenSites value. */
  constructor(options: PerSiteStandardScalerOptions) {
    if (options.features.length === 0) throw new ValueError('PerSiteStandardScaler: features must name at least one numeric column. Received: [].');
    const unseen = options.unseenSites ?? 'fit-on-arrival';
    if (unseen !== 'fit-on-arrival' && unseen !== 'error') {
      throw new ValueError(`PerSiteStandardScaler: unseenSites must be 'fit-on-arrival' or 'error'. Received: ${String(unseen)}.`);
    }
    this.features = [...options.features];
    this.site = options.site;
    this.unseenSites = unseen;
  }

  /** Statistics per site after `fit` (and after sites fitted on arrival). @throws NotFittedError before fit. */
  get siteStats(): ReadonlyMap<string, SiteStats> {
    if (this.stats === undefined) throw new NotFittedError('PerSiteStandardScaler: not fitted yet. Fix: call fit() first.');
    return this.stats;
  }

  /**
   * Learn each site's statistics from `rows` (default: all rows).
   * @throws DataError when a feature is not numeric or a row has no site.
   */
  fit(table: Table, rows?: ArrayLike<number>): this {
    this.stats = computeStats(table, this.features, this.site, rows ?? range(table.nRows));
    return this;
  }

  /**
   * Standardise each row with its site's statistics; returns a new Table (other columns unchanged).
   * @throws NotFittedError before fit; DataError for a site unseen in fit when unseenSites is 'error'.
   */
  transform(table: Table): Table {
    const stats = this.siteStats as Map<string, SiteStats>;
    const sites = table.strings(this.site);
    const unseen = [...new Set(sites.filter((s): s is string => s !== null && !stats.has(s)))];
    if (unseen.length > 0) {
      if (this.unseenSites === 'error') {
        throw new DataError(`PerSiteStandardScaler: site(s) ${unseen.join(', ')} were not seen in fit (unseenSites: 'error').`, { column: this.site });
      }
      const rows = sites.flatMap((s, i) => (s !== null && unseen.includes(s) ? [i] : []));
      for (const [s, st] of computeStats(table, this.features, this.site, rows)) stats.set(s, st);
    }
    let out = table;
    this.features.forEach((feature, j) => {
      const values = numericColumn(table, feature);
      const scaled = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const st = stats.get(sites[i]!);
        scaled[i] = st === undefined ? NaN : (values[i]! - st.mean[j]!) / st.std[j]!;
      }
      out = out.withColumn(feature, { kind: 'numeric', values: scaled });
    });
    return out;
  }

  /** `fit` then `transform` on the same table. */
  fitTransform(table: Table, rows?: ArrayLike<number>): Table {
    return this.fit(table, rows).transform(table);
  }
}

function computeStats(table: Table, features: readonly string[], site: string, rows: ArrayLike<number>): Map<string, SiteStats> {
  const sites = table.strings(site);
  const columns = features.map((f) => numericColumn(table, f));
  const groups = new Map<string, number[]>();
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const s = sites[r];
    if (s === null || s === undefined) throw new DataError('PerSiteStandardScaler: a row has no site.', { row: r + 2, column: site });
    let g = groups.get(s);
    if (g === undefined) groups.set(s, (g = []));
    g.push(r);
  }
  const out = new Map<string, SiteStats>();
  for (const [s, g] of groups) {
    const mean: number[] = [];
    const std: number[] = [];
    for (const col of columns) {
      let n = 0;
      let sum = 0;
      for (const r of g) {
        if (Number.isNaN(col[r]!)) continue;
        n++;
        sum += col[r]!;
      }
      const m = n > 0 ? sum / n : NaN;
      let ss = 0;
      for (const r of g) if (!Number.isNaN(col[r]!)) ss += (col[r]! - m) ** 2;
      const sd = n > 0 ? Math.sqrt(ss / n) : NaN;
      mean.push(m);
      std.push(sd > 0 ? sd : n > 0 ? 1 : NaN);
    }
    out.set(s, { mean, std, n: g.length });
  }
  return out;
}

function numericColumn(table: Table, feature: string): Float64Array {
  const col = table.column(feature);
  if (col.kind !== 'numeric') {
    throw new DataError(`PerSiteStandardScaler: feature '${feature}' is ${col.kind}, not numeric.`, { column: feature });
  }
  return col.values;
}

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
