import { UndefinedMetricError, ValueError } from '../errors.js';
import { rocAucScore } from '../metrics/roc-auc.js';
import { positionsByKey } from './positions-by-key.js';

/** Whether MC-dropout SD points at the patients the model gets wrong, in one group of rows. */
export interface UncertaintyErrorGroup {
  /** The site, or 'all' for every row together. */
  site: string;
  n: number;
  /** Rows with absolute error |y − p| > 0.5 (misclassified at the 0.5 threshold). */
  errors: number;
  /** AUC of the SD for those errors (0.5: SD says nothing; null with no error or no correct row). */
  auc: number | null;
  /** Spearman rank correlation of SD with |y − p| (null when either is constant). */
  spearman: number | null;
}

/**
 * Does the MC-dropout SD predict error? For every site and for all rows: the AUC of the SD for the
 * absolute error |y − p| being above 0.5 (a misclassification at 0.5), and the Spearman correlation
 * of SD with |y − p|. An AUC near 0.5 says the SD does not single out the patients the model gets
 * wrong there, so it should not be used to flag patients at that site.
 * @param sd per-patient SD of the MC-dropout risk. @param yTrue 0/1 outcomes. @param yProb risks (MC mean).
 * @param sites the site of each row (optional).
 * @throws ValueError for mismatched lengths or non-finite inputs.
 * @example conformal.uncertaintyErrorAuc(mc.std, y, mc.mean, sites).map((g) => [g.site, g.auc]);
 */
export function uncertaintyErrorAuc(sd: ArrayLike<number>, yTrue: ArrayLike<number>, yProb: ArrayLike<number>, sites?: readonly string[]): UncertaintyErrorGroup[] {
  const n = sd.length;
  if (yTrue.length !== n || yProb.length !== n || (sites !== undefined && sites.length !== n) || n === 0) {
    throw new ValueError(`uncertaintyErrorAuc: sd, yTrue, yProb (and sites) must have the same non-zero length. Received: ${n}, ${yTrue.length}, ${yProb.length}${sites ? `, ${sites.length}` : ''}.`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sd[i]!) || !Number.isFinite(yProb[i]!) || (yTrue[i] !== 0 && yTrue[i] !== 1)) {
      throw new ValueError(`uncertaintyErrorAuc: row ${i} has sd=${sd[i]}, yTrue=${yTrue[i]}, yProb=${yProb[i]}; need finite sd and risk and a 0/1 label.`);
    }
  }
  const groups = new Map<string, number[]>([['all', Array.from({ length: n }, (_, i) => i)]]);
  if (sites !== undefined) for (const [s, rows] of positionsByKey(sites)) groups.set(`site:${s}`, rows);
  return [...groups].map(([key, rows]) => {
    const err = rows.map((i) => Math.abs(yTrue[i]! - yProb[i]!));
    const s = rows.map((i) => sd[i]!);
    const isError = err.map((e): number => (e > 0.5 ? 1 : 0));
    let auc: number | null = null;
    try {
      auc = rocAucScore(isError, s);
    } catch (e) {
      if (!(e instanceof UndefinedMetricError)) throw e;
    }
    return { site: key === 'all' ? 'all' : key.slice(5), n: rows.length, errors: isError.reduce((a, b) => a + b, 0), auc, spearman: spearman(s, err) };
  });
}

/**
 * The k patients with the largest SD, most uncertain first.
 * @param sd per-patient SD. @param k how many. Default 10. @param ids a label per row (e.g. patient id); default the row index.
 * @example conformal.mostUncertain(mc.std, 5, ids);
 */
export function mostUncertain(sd: ArrayLike<number>, k = 10, ids?: readonly string[]): { row: number; id: string; sd: number }[] {
  if (ids !== undefined && ids.length !== sd.length) throw new ValueError(`mostUncertain: ids needs one id per row (${sd.length}). Received: ${ids.length}.`);
  if (!Number.isInteger(k) || k < 1) throw new ValueError(`mostUncertain: k must be a positive integer. Received: k=${k}.`);
  return Array.from({ length: sd.length }, (_, i) => i)
    .filter((i) => Number.isFinite(sd[i]!))
    .sort((a, b) => sd[b]! - sd[a]! || a - b)
    .slice(0, k)
    .map((row) => ({ row, id: ids?.[row] ?? String(row), sd: sd[row]! }));
}

function ranks(v: number[]): Float64Array {
  const order = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Float64Array(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]!] === v[order[i]!]) j++;
    for (let k = i; k <= j; k++) r[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function spearman(a: number[], b: number[]): number | null {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n;
  const mb = rb.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i]! - ma) * (rb[i]! - mb);
    saa += (ra[i]! - ma) ** 2;
    sbb += (rb[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}
