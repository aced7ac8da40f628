// predict never writes NaN with success (issue #19 item 2): the library predict path throws a
// typed E_NON_FINITE error naming the file row when the network's output is NaN, and `clinreg
// predict` exits 2 with that one line instead of printing NaN with exit 0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, develop, io, nn, train, Tensor } from '../../src/index.js';
import { assertDataError, runCli } from '../cli/run-cli.js';

/**
 * Linear(2 → 2) scaling by 10, then Linear(2 → 1) with weights [1, −1]: inputs (3e38, 3e38)
 * overflow float32 to (Inf, Inf) in the hidden layer and Inf − Inf = NaN comes out.
 */
function overflowing(withDropout: boolean): nn.Sequential {
  const a = new nn.Linear(2, 2);
  a.weight.data.set([10, 0, 0, 10]);
  a.bias!.data.fill(0);
  const b = new nn.Linear(2, 1);
  b.weight.data.set([1, -1]);
  b.bias!.data.fill(0);
  return withDropout ? new nn.Sequential(a, new nn.Dropout(0.01), b) : new nn.Sequential(a, b);
}

test('develop.predictProba throws NonFiniteOutputError (E_NON_FINITE) naming the row, never returns NaN', () => {
  const table = data.parseCsv('a,b\n1,1\n3e38,3e38\n2,2\n', { source: 'x.csv' });
  const preprocessor = new data.TabularPreprocessor({ features: ['a', 'b'], categorical: [] }, { scale: false });
  preprocessor.fit(table);
  const loaded = { model: overflowing(false), architecture: { type: 'Sequential', layers: [] }, preprocessor, schema: null, metadata: {}, recalibration: null } as unknown as io.LoadedModel;
  assert.throws(() => develop.predictProba(loaded, table), (e: unknown) => {
    assert.ok(e instanceof train.NonFiniteOutputError);
    assert.equal(e.code, 'E_NON_FINITE');
    assert.equal(e.row, 1);
    assert.equal(e.fileRow, 3, 'the header is file row 1');
    assert.match(e.message, /^predictProba: the model output for x\.csv, row 3 is NaN; no prediction is written\./);
    return true;
  });
  // Finite rows alone are fine.
  assert.equal(develop.predictProba(loaded, table, { rows: [0, 2] }).length, 2);
});

test('mcDropoutPredict refuses a NaN pass', () => {
  const x = new Tensor(new Float32Array([1, 1, 3e38, 3e38]), [2, 2]);
  assert.throws(() => train.mcDropoutPredict(overflowing(true), x, { passes: 3, seed: 0 }), train.NonFiniteOutputError);
});

test('clinreg predict on a row whose output is NaN: exit 2, one line naming the file row, no output file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-prednan-'));
  try {
    const table = data.parseCsv('a,b,y\n1,2,0\n2,1,1\n3,3,0\n');
    const schema = data.createSchema(table, { target: 'y' });
    const preprocessor = new data.TabularPreprocessor(schema, { scale: false });
    preprocessor.fit(table);
    io.saveModel(join(dir, 'model'), { model: overflowing(false), preprocessor, schema, metadata: {} });
    const csv = join(dir, 'new.csv');
    writeFileSync(csv, 'a,b\n1,1\n3e38,3e38\n');
    const out = join(dir, 'pred.csv');
    const r = await runCli(['predict', join(dir, 'model'), csv, '--out', out]);
    assertDataError(r, /predictProba: the model output for .*new\.csv, row 3 is NaN; no prediction is written/);
    assert.equal(existsSync(out), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
