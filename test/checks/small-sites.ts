// Real data made into many small sites for the small-site tests (not a test file itself).
import { data, Generator } from '../../src/index.js';

/**
 * The Rotterdam rows of data/breast-cancer/breast_2cohorts.csv in a seeded random order, split into
 * consecutive pseudo-ICUs of 1–21 patients (size 1 + ⌊21·u^2.4⌋, mostly small, ~430 ICUs), as column
 * `icu` (levels icu001, …).
 */
export async function pseudoIcus(file: string): Promise<{ table: data.Table; nSites: number; sizes: number[] }> {
  const all = await data.readCsv(file);
  const cohort = all.strings('cohort');
  const g = new Generator(2026);
  const rotterdam = Array.from({ length: all.nRows }, (_, i) => i).filter((i) => cohort[i] === 'rotterdam');
  const order = Array.from(g.permutation(rotterdam.length), (k) => rotterdam[k]!);
  const icu = new Int32Array(order.length);
  const sizes: number[] = [];
  let left = 0;
  for (let k = 0; k < order.length; k++) {
    if (left === 0) {
      left = 1 + Math.floor(21 * g.random() ** 2.4);
      sizes.push(0);
    }
    icu[k] = sizes.length - 1;
    sizes[sizes.length - 1]!++;
    left--;
  }
  const levels = sizes.map((_, i) => `icu${String(i + 1).padStart(3, '0')}`);
  return { table: all.select(order).withColumn('icu', { kind: 'categorical', codes: icu, levels }), nSites: sizes.length, sizes };
}
