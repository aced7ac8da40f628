import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, Generator, type Finding } from '../../../src/index.js';
import { chanceCopies } from '../../../src/checks/leakage/chance-copies.js';

const split = (n: number, nTrain: number) => ({ train: Int32Array.from({ length: nTrain }, (_, i) => i), test: Int32Array.from({ length: n - nTrain }, (_, i) => nTrain + i) });
const duplicates = (fs: Finding[]): Finding[] => fs.filter((f) => f.code === 'duplicate-rows');

test('chance copies by hand: q = Π (training rows with the value − 1)⁺ / (N − 1), p = 1 − (1 − q)^(N − 1); missing matches missing; a value seen at most once in training gives 0', () => {
  const table = new data.Table({
    a: { kind: 'numeric', values: Float64Array.from([0, 0, 1, 1, 0, 1, 7, NaN]) },
    b: { kind: 'categorical', codes: Int32Array.from([0, 0, 0, 1, 0, 1, 0, 1]), levels: ['x', 'y'] },
    c: { kind: 'numeric', values: Float64Array.from([NaN, 2, 2, 2, 2, NaN, 2, 2]) },
  });
  const train = [0, 1, 2, 3];
  // Row 4 (0, x, 2): (1/3)(2/3)(2/3); row 5 (1, y, NaN): b = y and c = NaN once each in training;
  // row 6: a = 7 never in training; row 7: a = NaN never in training.
  const q4 = (1 / 3) * (2 / 3) * (2 / 3);
  const p4 = 1 - (1 - q4) ** 3;
  const c = chanceCopies(table, ['a', 'b', 'c'], train, [4, 5, 6, 7]);
  assert.ok(Math.abs(c.expected - p4) < 1e-14, String(c.expected));
  assert.ok(Math.abs(c.variance - p4 * (1 - p4)) < 1e-14, String(c.variance));
  // Over `a` alone row 5 (a = 1, twice in training) counts: (1/3), and row 4 the same.
  const a = chanceCopies(table, ['a'], train, [4, 5]);
  assert.ok(Math.abs(a.expected - 2 * (1 - (2 / 3) ** 3)) < 1e-14, String(a.expected));
  assert.deepEqual(chanceCopies(table, ['a'], [0], [4]), { expected: 0, variance: 0 });
});

test('values that go together: the share of the other test rows with exactly its values, when larger than the independent estimate', () => {
  // Rows 4–7 share (9, x) never seen in training: independently q = 0, together 3 of the 3 other test rows.
  const table = new data.Table({
    a: { kind: 'numeric', values: Float64Array.from([0, 1, 2, 3, 9, 9, 9, 9, 5]) },
    b: { kind: 'categorical', codes: Int32Array.from([0, 1, 0, 1, 0, 0, 0, 0, 1]), levels: ['x', 'y'] },
  });
  const c = chanceCopies(table, ['a', 'b'], [0, 1, 2, 3], [4, 5, 6, 7, 8]);
  // Rows 4–7: q = 3/4 (3 of the 4 other test rows), p = 1 − (1/4)^3; row 8 (5, y): 0 either way.
  const p = 1 - 0.25 ** 3;
  assert.ok(Math.abs(c.expected - 4 * p) < 1e-14, String(c.expected));
  assert.ok(Math.abs(c.variance - 4 * p * (1 - p)) < 1e-14, String(c.variance));
  // Matched against 1,000 training rows (validating a saved model): p = 1 − (1/4)^1000.
  assert.ok(Math.abs(chanceCopies(table, ['a', 'b'], [4, 5, 6, 7, 8], [4, 5, 6, 7, 8], 1000).expected - 4) < 1e-12);
});

test('coarse features shared by chance: info, with the count chance gives; copied records among them: critical', () => {
  const g = new Generator(3);
  const n = 600;
  const sex = Float64Array.from({ length: n }, () => g.randint(2));
  const stage = Float64Array.from({ length: n }, () => 1 + g.randint(4));
  const table = new data.Table({ sex: { kind: 'numeric', values: sex }, stage: { kind: 'numeric', values: stage }, y: { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i % 2) } });
  const schema = data.createSchema(table, { target: 'y' });
  const [dup] = duplicates(checks.auditLeakage(table, schema, { split: split(n, 400) }));
  assert.equal(dup!.severity, 'info');
  const d = dup!.details as { testRowsWithCopy: number; testRows: number; expectedByChance: number };
  assert.deepEqual([d.testRowsWithCopy, d.testRows], [200, 200]);
  assert.ok(d.expectedByChance > 199.9, String(d.expectedByChance));
  assert.match(dup!.message, /^200 of 200 test rows \(100%\) have an identical row in training over the 2 features\. No more than chance gives: 200 \(100%\) expected by chance/);

  // A continuous lab value beside them: 30 of the 200 test rows are copies of training records.
  const lab = Float64Array.from({ length: n }, () => 5 + g.normal());
  for (let k = 0; k < 30; k++) {
    const from = 7 * k;
    for (const col of [sex, stage, lab]) col[400 + k] = col[from]!;
  }
  const copied = new data.Table({ sex: { kind: 'numeric', values: sex }, stage: { kind: 'numeric', values: stage }, lab: { kind: 'numeric', values: lab }, y: table.column('y') });
  const [leak] = duplicates(checks.auditLeakage(copied, data.createSchema(copied, { target: 'y' }), { split: split(n, 400) }));
  assert.equal(leak!.severity, 'critical');
  const l = leak!.details as { testRowsWithCopy: number; expectedByChance: number };
  assert.equal(l.testRowsWithCopy, 30);
  assert.equal(l.expectedByChance, 0, 'a lab value seen once in training is its record\'s own');
  assert.match(leak!.message, /have an identical row in training over the 3 features\. Remove copies or keep them on one side \(split by patient\)\.$/);
});

test('over folds, the chance counts add up fold by fold', () => {
  const g = new Generator(5);
  const n = 300;
  const table = new data.Table({ grade: { kind: 'numeric', values: Float64Array.from({ length: n }, () => g.randint(3)) }, y: { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i % 2) } });
  const schema = data.createSchema(table, { target: 'y' });
  const folds = [...new (class {
    *split() {
      for (let f = 0; f < 3; f++) {
        const test = Int32Array.from({ length: 100 }, (_, i) => f * 100 + i);
        const train = Int32Array.from({ length: 200 }, (_, i) => (i < f * 100 ? i : i + 100));
        yield { train, test };
      }
    }
  })().split()];
  const [dup] = duplicates(checks.auditLeakage(table, schema, { folds }));
  const sum = folds.reduce((s, f) => s + chanceCopies(table, ['grade'], f.train, f.test).expected, 0);
  assert.equal((dup!.details as { expectedByChance: number }).expectedByChance, sum);
  assert.equal(dup!.severity, 'info');
});
