import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed, nn, train } from '../../src/index.js';

test("snapshotWeights(model, reuse): the reused snapshot's arrays are overwritten with the model's state, the same values as a fresh snapshot", () => {
  manualSeed(1);
  const model = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.Linear(3, 1));
  const first = train.snapshotWeights(model);
  for (const p of model.parameters()) p.data.fill(0.25);
  const arrays = new Map(first);
  const second = train.snapshotWeights(model, first);
  assert.deepEqual(second, train.snapshotWeights(model), 'same keys and values as a fresh snapshot');
  for (const [name, a] of second) assert.equal(a, arrays.get(name), `${name}: the earlier array, reused`);
  assert.deepEqual([...second.get('0.weight')!], Array(12).fill(0.25));
  // An array of another length (another architecture's snapshot) is not reused.
  const other = train.snapshotWeights(new nn.Sequential(new nn.Linear(5, 3), new nn.BatchNorm1d(3), new nn.Linear(3, 1)));
  const mixed = train.snapshotWeights(model, other);
  assert.notEqual(mixed.get('0.weight'), other.get('0.weight'));
  assert.equal(mixed.get('0.bias'), other.get('0.bias'));
  assert.deepEqual(mixed, train.snapshotWeights(model));
});
