// Inputs refused with one clear error naming file/row/column (issue #19 item 6): one-class target,
// NUL in a field, a categorical target, impossible tensor shapes, over-long column names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataError, ShapeError, Tensor, ValueError, data } from '../../src/index.js';

test('new Tensor refuses negative and non-integer dimensions', () => {
  for (const shape of [[-1, 0], [0, -1], [1.5, 2], [Number.NaN], [Infinity, 0]]) {
    assert.throws(() => new Tensor(new Float32Array(0), shape), (e: unknown) => e instanceof ShapeError && /shape dimensions must be non-negative integers/.test(e.message), String(shape));
  }
  assert.equal(new Tensor(new Float32Array(0), [0, 3]).size, 0);
});

test('binaryTarget with requireBothClasses refuses an all-negative or all-positive target', () => {
  const t = data.parseCsv('y,x\n0,1\n0,2\n0,3\n', { source: 'neg.csv' });
  const schema = data.createSchema(t, { target: 'y' });
  assert.deepEqual([...data.binaryTarget(t, schema)], [0, 0, 0]);
  assert.throws(() => data.binaryTarget(t, schema, { requireBothClasses: true }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.file, 'neg.csv');
    assert.equal(e.column, 'y');
    assert.match(e.message, /the target has no events: all 3 labelled rows are non-events/);
    return true;
  });
  const p = data.parseCsv('y,x\nyes,1\nyes,2\n', { source: 'pos.csv' });
  assert.throws(() => data.binaryTarget(p, data.createSchema(p, { target: 'y', positive: 'yes' }), { requireBothClasses: true }), /only events.*positive rule 'yes'/);
});

test('NUL inside a field or a header is refused naming row and column', () => {
  assert.throws(() => data.parseCsv('a,b\n1,x\u0000y\n', { source: 'nul.csv' }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.deepEqual([e.file, e.row, e.column], ['nul.csv', 2, 'b']);
    assert.match(e.message, /NUL character/);
    return true;
  });
  assert.throws(() => data.parseCsv('a,b\u0000\n1,2\n'), /header field 2 contains a NUL character/);
});

test('a column name over 256 characters is refused with a short excerpt', () => {
  // 1 MB, as the over-long cells of the other reliability tests: reading the header is linear (~0.5 µs a
  // character), so 10 MB cost ~6 s of CPU for the same message.
  const name = 'n'.repeat(1_000_000);
  assert.throws(() => data.parseCsv(`${name},b\n1,2\n`, { source: 'long.csv' }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.ok(e.message.length < 300, `${e.message.length}`);
    assert.match(e.message, /header field 1 is a name of 1000000 characters .*at most 256/);
    return true;
  });
});

test('the target listed as categorical is refused', () => {
  const t = data.parseCsv('y,x\n0,1\n1,2\n', { categorical: ['y'] });
  assert.throws(() => data.createSchema(t, { target: 'y', categorical: ['y'] }), (e: unknown) => e instanceof ValueError && /target 'y' cannot be listed as categorical/.test(e.message));
});

test('a non-binary target echoes its levels as short excerpts, never whole 1 MB cells', () => {
  const big = 'q'.repeat(1_000_000);
  const t = data.parseCsv(`y,x\n${big},1\nno,2\n`, { source: 'lv.csv' });
  assert.throws(() => data.binaryTarget(t, data.createSchema(t, { target: 'y' })), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.ok(e.message.length < 500, `message of ${e.message.length} characters`);
    return true;
  });
  assert.throws(() => data.binaryTarget(t, data.createSchema(t, { target: 'y', positive: 'maybe' })), (e: unknown) => e instanceof DataError && e.message.length < 600);
});
