// Per-feature summaries for shift checks: histograms on the model's fixed edges, level counts, missing counts.
import type { Table } from '../data/table.js';
import type { FeatureRange } from '../conformal/feature-range.js';
import { mergeAdjacent, runSum, writtenCount } from './small-cells.js';
import { MIN_CELL, type FeatureSummary } from './summary-schema.js';

/** Equal-width bins between the training min and max; below-min and above-max rows get their own end bins. */
export const HISTOGRAM_BINS = 10;

/** The unseen-level group name of categorical summaries. */
export const OTHER_LEVEL = '(not seen in training)';

/**
 * Summarise each feature over `rows` on edges fixed by the model's training ranges (never by
 * the site's data): numeric features as counts in HISTOGRAM_BINS equal-width bins from the
 * training min to max plus one bin below and one above, adjacent bins merged until each holds ≥ 5
 * patients; categorical features as counts per training level (unseen levels together as
 * {@link OTHER_LEVEL}), levels under 5 merged into one group, which joins the smallest level
 * when still under 5. Missing counts 1–4 (or leaving 1–4 present) are written as null. A feature
 * whose present values number under 5 gets no bins; a feature whose column kind differs from
 * training is left out.
 * @param table the site's data. @param rows the rows to summarise. @param ranges `conformal.storedRanges(model.metadata)`.
 * @example federated.featureSummaries(table, rows, conformal.storedRanges(io.loadModel('m').metadata) ?? []);
 */
export function featureSummaries(table: Table, rows: readonly number[], ranges: readonly FeatureRange[]): FeatureSummary[] {
  const out: FeatureSummary[] = [];
  for (const range of ranges) {
    if (!table.has(range.feature)) continue;
    const col = table.column(range.feature);
    let missing = 0;
    for (const r of rows) if (table.isMissing(range.feature, r)) missing++;
    const present = rows.length - missing;
    const missingWritten = writtenCount(missing) !== null && writtenCount(present) !== null ? missing : null;
    if (range.kind === 'numeric' && col.kind === 'numeric') {
      const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => (k === HISTOGRAM_BINS ? range.max : range.min + ((range.max - range.min) * k) / HISTOGRAM_BINS));
      const counts = new Array<number>(HISTOGRAM_BINS + 2).fill(0);
      for (const r of rows) {
        const v = col.values[r]!;
        if (!Number.isNaN(v)) counts[numericBin(v, edges)]!++;
      }
      const bins = mergeAdjacent(counts.length, (a, b) => runSum(counts, a, b) >= MIN_CELL).map((m) => ({ ...m, count: runSum(counts, m.first, m.last) }));
      out.push({ feature: range.feature, kind: 'numeric', missing: missingWritten, edges, bins });
    } else if (range.kind === 'categorical' && col.kind === 'categorical') {
      const byLevel = new Map<string, number>(range.levels.map((l) => [l, 0]));
      let other = 0;
      for (const r of rows) {
        const c = col.codes[r]!;
        if (c < 0) continue;
        const level = col.levels[c]!;
        if (byLevel.has(level)) byLevel.set(level, byLevel.get(level)! + 1);
        else other++;
      }
      out.push({ feature: range.feature, kind: 'categorical', missing: missingWritten, groups: levelGroups(byLevel, other) });
    }
  }
  return out;
}

/** Index of the bin of v: 0 below the first edge, k for [edge k−1, edge k), the last above the last edge. */
function numericBin(v: number, edges: readonly number[]): number {
  const last = edges.length - 1;
  if (v < edges[0]!) return 0;
  if (v > edges[last]!) return last + 1;
  if (v === edges[last]) return last;
  let k = 1;
  while (v >= edges[k]!) k++;
  return k;
}

function levelGroups(byLevel: Map<string, number>, other: number): { levels: string[]; count: number }[] {
  const groups: { levels: string[]; count: number }[] = [];
  const small: string[] = [];
  let smallCount = 0;
  for (const [level, c] of byLevel) {
    if (c >= MIN_CELL) groups.push({ levels: [level], count: c });
    else if (c > 0) {
      small.push(level);
      smallCount += c;
    }
  }
  if (other > 0) {
    small.push(OTHER_LEVEL);
    smallCount += other;
  }
  if (smallCount === 0) return groups;
  if (smallCount >= MIN_CELL) return [...groups, { levels: small, count: smallCount }];
  if (groups.length === 0) return [];
  let smallest = 0;
  for (let g = 1; g < groups.length; g++) if (groups[g]!.count < groups[smallest]!.count) smallest = g;
  const target = groups[smallest]!;
  groups[smallest] = { levels: [...target.levels, ...small], count: target.count + smallCount };
  return groups;
}
