import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { fmt } from '../columns.js';
import { chanceCopies, withinChance, type ChanceCopies } from './chance-copies.js';
import { copiedRecords, rowIndex } from './copied-records.js';
import type { LeakageThresholds } from './thresholds.js';
import { foldDetails, foldSuffix, type ResolvedSplit } from './split.js';

const EXAMPLES = 5;

/**
 * Severity of `count` test rows of `tested` with a training copy, against the copies chance gives
 * (chance-copies.ts): info when the count is within 3 SD of chance (patients sharing few distinct
 * values, not copied records); otherwise critical when the excess over chance reaches
 * `duplicateCritical` of the test rows, else warning. With no chance copies (continuous
 * features) this is the count's own fraction, as it always was.
 */
function copySeverity(count: number, tested: number, chance: ChanceCopies, thresholds: LeakageThresholds): Finding['severity'] {
  if (withinChance(count, chance)) return 'info';
  return (count - chance.expected) / tested >= thresholds.duplicateCritical ? 'critical' : 'warning';
}

/** The end of a duplicate-rows message: what to do, or why nothing needs doing. */
function copyAdvice(severity: Finding['severity'], count: number, chance: ChanceCopies, tested: number): string {
  const expected = `${fmt(chance.expected)} (${fmt((100 * chance.expected) / tested)}%) expected by chance from how often these values occur`;
  if (severity === 'info') return `No more than chance gives: ${expected}. Different patients share these values; no copied record is needed to explain them.`;
  const beyond = chance.expected >= 0.5 ? ` ${expected}; the ${fmt(count - chance.expected)} beyond that are copied records or values that go together.` : '';
  return `${beyond.trimStart()}${beyond === '' ? '' : ' '}Remove copies or keep them on one side (split by patient).`;
}

/**
 * `duplicate-rows` across a split: test rows whose feature values (the schema's features only, so
 * ids, dates, site and target are excluded) equal a training row exactly, missing matching missing.
 * Severity against the copies chance gives (see copySeverity): info within chance, critical when
 * the excess over chance reaches `thresholds.duplicateCritical` of the test rows, warning below.
 * Details: `testRowsWithCopy`, `testRows`, `fraction`, `expectedByChance`, `examples` ({testRow,
 * trainRow}, 0-based).
 */
export function duplicateRowsAcrossSplit(table: Table, schema: Schema, split: ResolvedSplit, thresholds: LeakageThresholds): Finding[] {
  const index = rowIndex(table, schema.features, split.train);
  let count = 0;
  const examples: { testRow: number; trainRow: number }[] = [];
  for (const i of split.test) {
    const r = index.find(i, index.hash[i]!);
    if (r < 0) continue;
    count++;
    if (examples.length < EXAMPLES) examples.push({ testRow: i, trainRow: r });
  }
  if (count === 0) return [];
  const fraction = count / split.test.length;
  const chance = chanceCopies(table, schema.features, split.train, split.test);
  const severity = copySeverity(count, split.test.length, chance, thresholds);
  return [
    {
      code: 'duplicate-rows',
      severity,
      message: `${count} of ${split.test.length} test rows (${fmt(100 * fraction)}%) have an identical row in training over the ${schema.features.length} features${foldSuffix(split)}. ${copyAdvice(severity, count, chance, split.test.length)}`,
      details: { ...foldDetails(split), testRowsWithCopy: count, testRows: split.test.length, fraction, expectedByChance: chance.expected, examples },
    },
  ];
}

/**
 * `duplicate-rows` over cross-validation folds, as ONE finding: with many folds (one per small
 * site) a per-fold fraction is noise — one copied row in a 1-row test fold is "100 %" — and a
 * finding per fold repeats one fact. Counts, and the copies chance gives, add up over the folds'
 * test rows; severity as for one split. Details as for one split, plus `folds`
 * ({fold, testRowsWithCopy, testRows} for each fold with copies) and `fold` in each example.
 */
export function duplicateRowsAcrossFolds(table: Table, schema: Schema, splits: readonly ResolvedSplit[], thresholds: LeakageThresholds): Finding[] {
  let count = 0;
  let tested = 0;
  const folds: { fold: number; testRowsWithCopy: number; testRows: number }[] = [];
  const examples: { fold: number; testRow: number; trainRow: number }[] = [];
  splits.forEach((split, k) => {
    const fold = split.fold ?? k;
    const index = rowIndex(table, schema.features, split.train);
    let inFold = 0;
    for (const i of split.test) {
      const r = index.find(i, index.hash[i]!);
      if (r < 0) continue;
      inFold++;
      if (examples.length < EXAMPLES) examples.push({ fold, testRow: i, trainRow: r });
    }
    tested += split.test.length;
    count += inFold;
    if (inFold > 0) folds.push({ fold, testRowsWithCopy: inFold, testRows: split.test.length });
  });
  if (count === 0) return [];
  const fraction = count / tested;
  // Chance copies add up over the folds as the copies do (each fold against its own training rows).
  const chance = { expected: 0, variance: 0 };
  for (const split of splits) {
    const c = chanceCopies(table, schema.features, split.train, split.test);
    chance.expected += c.expected;
    chance.variance += c.variance;
  }
  const severity = copySeverity(count, tested, chance, thresholds);
  return [
    {
      code: 'duplicate-rows',
      severity,
      message: `${count} of ${tested} test rows (${fmt(100 * fraction)}%), in ${folds.length} of ${splits.length} folds, have an identical row in their fold's training rows over the ${schema.features.length} features. ${copyAdvice(severity, count, chance, tested)}`,
      details: { testRowsWithCopy: count, testRows: tested, fraction, expectedByChance: chance.expected, folds, examples },
    },
  ];
}

/**
 * `duplicate-rows` without a split (info): rows that repeat an earlier row over the features; any
 * random split would put copies on both sides. Details: `duplicateRows`, `examples` ({row, copyOf}).
 */
export function duplicateRowsInTable(table: Table, schema: Schema): Finding[] {
  const all = new Int32Array(0);
  const index = rowIndex(table, schema.features, all);
  let count = 0;
  const examples: { row: number; copyOf: number }[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const copy = index.add(i);
    if (copy < 0) continue;
    count++;
    if (examples.length < EXAMPLES) examples.push({ row: i, copyOf: copy });
  }
  if (count === 0) return [];
  return [
    {
      code: 'duplicate-rows',
      severity: 'info',
      message: `${count} row(s) repeat an earlier row over the ${schema.features.length} features; a random split would put copies in both training and test. Check whether they are the same patient.`,
      details: { duplicateRows: count, examples },
    },
  ];
}

/** Copied records are reported from this share of the rows (and at least {@link MIN_COPIES} of them). */
const COPIES_WARNING = 0.01;
const MIN_COPIES = 5;

/**
 * `duplicate-rows` within the data (warning; with a split, whose own check only sees copies across
 * it): rows that repeat another row exactly over the features with values chance would not repeat
 * (copied-records.ts), at least 1% of the rows and 5 rows. Within a site, leave-one-site-out never
 * puts such copies on both sides of a fold, and every fit keeps them on one side of its
 * early-stopping split; but they weigh twice in training and usually mean a faulty export.
 * Details: `scope: 'within-data'`, `copies` (rows a deduplication would drop), `copySets`, `rows`,
 * `fraction`, `examples` ({row, copyOf}, 0-based).
 */
export function duplicateRowsCopied(table: Table, schema: Schema): Finding[] {
  const rows = Int32Array.from({ length: table.nRows }, (_, i) => i);
  const copied = copiedRecords(table, schema.features, rows);
  if (copied === null || copied.copies < Math.max(MIN_COPIES, COPIES_WARNING * table.nRows)) return [];
  const fraction = copied.copies / table.nRows;
  return [
    {
      code: 'duplicate-rows',
      severity: 'warning',
      message:
        `${copied.copies} of ${table.nRows} rows (${fmt(100 * fraction)}%) repeat another row exactly over the ${schema.features.length} features, values that chance would not repeat: the same record more than once. ` +
        'Every fit keeps copies on one side of its early-stopping split, but they weigh twice in training. Remove the duplicates, or give --patient if they are one patient\'s records.',
      details: { scope: 'within-data', copies: copied.copies, copySets: copied.sets, rows: table.nRows, fraction, examples: copied.examples },
    },
  ];
}
