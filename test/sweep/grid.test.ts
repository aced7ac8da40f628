import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValueError, sweep } from '../../src/index.js';

const base: sweep.SweepConfig = { hiddenSizes: [16], dropout: 0.5, weightDecay: 1e-3, lr: 3e-4, labelSmoothing: 0.1, epochs: 100, batchSize: 32, patience: 10 };

test('parseGrid reads numbers, exponents and hidden sizes; expandGrid is the cartesian product, last setting fastest', () => {
  const grid = sweep.parseGrid(['dropout=0.1,0.3', 'weightDecay=1e-4,1E-3', 'hiddenSizes=64x32,8']);
  assert.deepEqual(grid, { dropout: [0.1, 0.3], weightDecay: [1e-4, 1e-3], hiddenSizes: [[64, 32], [8]] });
  const configs = sweep.expandGrid(base, grid);
  assert.equal(configs.length, 8);
  assert.deepEqual(configs.slice(0, 2).map((c) => c.hiddenSizes), [[64, 32], [8]]);
  assert.deepEqual(configs.map((c) => c.dropout), [0.1, 0.1, 0.1, 0.1, 0.3, 0.3, 0.3, 0.3]);
  assert.equal(configs[0]!.lr, 3e-4); // not in the grid: the base value
  assert.equal(sweep.configLabel(configs[1]!, grid), 'dropout=0.1 weightDecay=0.0001 hiddenSizes=8');
  assert.deepEqual(sweep.expandGrid(base, {}), [base]);
});

test('parseGrid refuses bad terms with a ValueError naming the flag and the term', () => {
  for (const [term, why] of [
    ['dropout', /name=v1,v2/],
    ['=0.1', /name=v1,v2/],
    ['dropuot=0.1', /unknown setting 'dropuot'/],
    ['dropout=0.1,', /empty value/],
    ['dropout=1', /rate in \[0, 1\)/],
    ['dropout=abc', /rate in \[0, 1\)/],
    ['lr=0', /number > 0/],
    ['epochs=2.5', /integer from 1 to 10000/],
    ['hiddenSizes=64x', /widths/],
    ['dropout=0.1,0.10', /repeats a value/],
  ] as const) {
    assert.throws(() => sweep.parseGrid([term], '--grid'), (e) => e instanceof ValueError && e.message.startsWith('--grid: ') && why.test(e.message) && e.message.includes(`'${term}'`), term);
  }
  assert.throws(() => sweep.parseGrid(['dropout=0.1', 'dropout=0.2'], '--grid'), /given twice/);
  assert.throws(() => sweep.parseGrid([], '--grid'), /at least one setting/);
  assert.throws(() => sweep.parseGrid(['epochs=' + Array.from({ length: 40 }, (_, i) => i + 1).join(','), 'patience=' + Array.from({ length: 30 }, (_, i) => i + 1).join(',')]), /1200 configurations; at most 1000/);
});

test('property: every configuration of a parsed grid is in range and the count is the product of the value counts', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 4 }), fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 3 }), (drops, epochs) => {
      const grid = sweep.parseGrid([`dropout=${drops.map((d) => d / 100).join(',')}`, `epochs=${epochs.join(',')}`]);
      const configs = sweep.expandGrid(base, grid);
      assert.equal(configs.length, drops.length * epochs.length);
      assert.equal(new Set(configs.map((c) => sweep.configLabel(c, grid))).size, configs.length);
      for (const c of configs) assert.ok(c.dropout >= 0 && c.dropout < 1 && Number.isInteger(c.epochs));
    }),
  );
});
