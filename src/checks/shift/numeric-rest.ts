/**
 * Every site against all other sites for a numeric feature, without building the "rest" samples
 * (internal). One walk over the sites' sorted values in merged order gives, for every site at
 * once, the ECDF differences behind the KS statistic and the Wasserstein integral; the rest's PSI
 * quantiles come from one walk per site, its bin counts from binary searches per site.
 * The results equal ksTestSorted / wassersteinSorted / psiSorted on (site, merged rest).
 */
import { ksPValue } from '../../stats/ks-test.js';
import { binCounts, psiFromCounts } from '../../stats/psi.js';
import { smdFromMoments } from '../../stats/standardised-mean-difference.js';
import { KS_EXACT_SKIP_BELOW, type DistributionStats } from './compare.js';
import { combineMoments, varianceOf, type Moments } from './site-values.js';
import type { ShiftThresholds } from './thresholds.js';

/** Merge the sites' sorted values into one sorted array with each value's site. */
function mergeWithSites(sorted: readonly Float64Array[]): { values: Float64Array; site: Int32Array } {
  const k = sorted.length;
  let total = 0;
  for (const x of sorted) total += x.length;
  const values = new Float64Array(total);
  const site = new Int32Array(total);
  const head = new Int32Array(k);
  for (let o = 0; o < total; o++) {
    let best = -1;
    let bestV = Infinity;
    for (let s = 0; s < k; s++) {
      const h = head[s]!;
      if (h < sorted[s]!.length && (best < 0 || sorted[s]![h]! < bestV)) {
        best = s;
        bestV = sorted[s]![h]!;
      }
    }
    values[o] = bestV;
    site[o] = best;
    head[best]!++;
  }
  return { values, site };
}

/** For nRest values and `bins` bins: the quantile positions and the sorted distinct ranks they read. */
interface RankPlan {
  positions: number[];
  ranks: number[];
}

/** Plans by `nRest,bins`: every feature of a wide table without missing values shares one per site. */
const plans = new Map<string, RankPlan>();

function rankPlan(nRest: number, bins: number): RankPlan {
  const key = `${nRest},${bins}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    // Ranks needed: floor(q (nRest − 1)) and the next one, for q = 1/bins … (bins−1)/bins.
    const positions: number[] = [];
    for (let j = 1; j < bins; j++) positions.push((j / bins) * (nRest - 1));
    const ranks = [...new Set(positions.flatMap((pos) => [Math.floor(pos), Math.min(Math.floor(pos) + 1, nRest - 1)]))].sort((x, y) => x - y);
    plan = { positions, ranks };
    if (plans.size >= 1024) plans.clear();
    plans.set(key, plan);
  }
  return plan;
}

/** Rest quantile edges for site s: numpy linear quantiles at j/bins of the values not from s. */
function restEdges(values: Float64Array, site: Int32Array, s: number, nRest: number, bins: number): number[] {
  const { positions, ranks } = rankPlan(nRest, bins);
  // at[k]: the value of rank ranks[k] among the rest.
  const at = new Float64Array(ranks.length);
  let next = 0;
  let rank = 0;
  for (let i = 0; i < values.length && next < ranks.length; i++) {
    if (site[i] === s) continue;
    while (next < ranks.length && ranks[next] === rank) at[next++] = values[i]!;
    rank++;
  }
  const valueAt = (r: number): number => at[ranks.indexOf(r)]!;
  const edges: number[] = [];
  for (const pos of positions) {
    const lo = Math.floor(pos);
    const t = pos - lo;
    const a = valueAt(lo);
    const b = valueAt(Math.min(lo + 1, nRest - 1));
    const diff = b - a;
    const e = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** One-vs-rest statistics for every site (null where a side has fewer than `minRows` values). */
export function numericOneVsRest(sorted: readonly Float64Array[], moments: readonly Moments[], pooledSd: number, t: ShiftThresholds): (DistributionStats | null)[] {
  const k = sorted.length;
  const n = sorted.map((x) => x.length);
  const total = n.reduce((a, b) => a + b, 0);
  const { values, site } = mergeWithSites(sorted);
  const count = new Float64Array(k);
  const maxS = new Float64Array(k).fill(-Infinity);
  const minS = new Float64Array(k).fill(Infinity);
  const maxLoc = new Float64Array(k);
  const minLoc = new Float64Array(k);
  const maxIn = new Uint8Array(k);
  const minIn = new Uint8Array(k);
  const prevDiff = new Float64Array(k);
  const w = new Float64Array(k);
  const inBlock = new Uint8Array(k);
  let seen = 0;
  let prev = NaN;
  for (let i = 0; i < total; ) {
    const v = values[i]!;
    inBlock.fill(0);
    while (i < total && values[i] === v) {
      count[site[i]!]!++;
      inBlock[site[i]!] = 1;
      seen++;
      i++;
    }
    for (let s = 0; s < k; s++) {
      const nRest = total - n[s]!;
      if (n[s] === 0 || nRest === 0) continue;
      if (!Number.isNaN(prev)) w[s]! += Math.abs(prevDiff[s]!) * (v - prev);
      const diff = count[s]! / n[s]! - (seen - count[s]!) / nRest;
      prevDiff[s] = diff;
      const inA = inBlock[s] === 1;
      if (diff > maxS[s]! || (diff === maxS[s]! && inA && maxIn[s] === 0)) {
        maxS[s] = diff;
        maxLoc[s] = v;
        maxIn[s] = inA ? 1 : 0;
      }
      if (diff < minS[s]! || (diff === minS[s]! && inA && minIn[s] === 0)) {
        minS[s] = diff;
        minLoc[s] = v;
        minIn[s] = inA ? 1 : 0;
      }
    }
    prev = v;
  }
  return sorted.map((x, s) => {
    const nRest = total - n[s]!;
    if (n[s]! < t.minRows || nRest < t.minRows) return null;
    const minAbs = Math.min(Math.max(-minS[s]!, 0), 1);
    const d = minAbs > maxS[s]! ? minAbs : maxS[s]!;
    const ks = ksPValue(d, n[s]!, nRest, 'auto', KS_EXACT_SKIP_BELOW);
    const edges = restEdges(values, site, s, nRest, t.bins);
    const restCounts = new Float64Array(edges.length + 1);
    for (let j = 0; j < k; j++) {
      if (j === s) continue;
      const c = binCounts(sorted[j]!, edges);
      for (let b = 0; b < c.length; b++) restCounts[b]! += c[b]!;
    }
    const restM = combineMoments(moments.filter((_, j) => j !== s));
    return {
      n: n[s]!,
      nAgainst: nRest,
      test: 'ks' as const,
      statistic: ks.statistic,
      pValue: ks.pvalue,
      psi: psiFromCounts(restCounts, binCounts(x, edges)),
      wasserstein: pooledSd > 0 ? w[s]! / pooledSd : 0,
      smd: smdFromMoments(moments[s]!.mean, varianceOf(moments[s]!), restM.mean, varianceOf(restM)),
    };
  });
}
