import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelSelection, ValueError } from '../../src/index.js';

const { TemporalSplit } = modelSelection;

test('TemporalSplit: cutoff on epoch-ms times; train strictly before, test from the cut-off on', () => {
  const times = ['2019-01-05', '2020-02-01', '2019-12-31', '2020-01-01', '2018-07-07'].map((d) => Date.parse(d));
  const ts = new TemporalSplit({ cutoff: new Date('2020-01-01') });
  const [split, ...rest] = [...ts.split(times.length, undefined, times)];
  assert.equal(rest.length, 0);
  assert.deepEqual(Array.from(split?.train ?? []), [0, 2, 4]);
  assert.deepEqual(Array.from(split?.test ?? []), [1, 3]);
  assert.equal(ts.getNSplits(), 1);
});

test('TemporalSplit: a gap drops rows just before the cut-off from train', () => {
  const times = [1, 2, 3, 4, 5, 6, 7, 8];
  const [s] = [...new TemporalSplit({ cutoff: 6, gap: 2 }).split(8, undefined, times)];
  assert.deepEqual(Array.from(s?.train ?? []), [0, 1, 2]); // times 1..3 (< 6 − 2)
  assert.deepEqual(Array.from(s?.test ?? []), [5, 6, 7]);
});

test('TemporalSplit: testSize as fraction or count, row order as time when no times; ties join test', () => {
  const [a] = [...new TemporalSplit({ testSize: 0.25 }).split(8)];
  assert.deepEqual(Array.from(a?.test ?? []), [6, 7]);
  const [b] = [...new TemporalSplit({ testSize: 3, gap: 1 }).split(8)];
  assert.deepEqual(Array.from(b?.train ?? []), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(b?.test ?? []), [5, 6, 7]);
  const [c] = [...new TemporalSplit({ testSize: 1 }).split(4, undefined, [1, 2, 2, 2])];
  assert.deepEqual(Array.from(c?.test ?? []), [1, 2, 3]);
});

test('TemporalSplit: property: every train time < cutoff − gap ≤ cutoff ≤ every test time', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 100 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.integer({ min: 0, max: 200 }),
      (times, cutoff, gap) => {
        const ts = new TemporalSplit({ cutoff, gap });
        const hasTrain = times.some((t) => t < cutoff - gap);
        const hasTest = times.some((t) => t >= cutoff);
        if (!hasTrain || !hasTest) {
          assert.throws(() => ts.split(times.length, undefined, times), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
          return;
        }
        const [s] = [...ts.split(times.length, undefined, times)];
        for (const i of s?.train ?? []) assert.ok((times[i] as number) < cutoff - gap);
        for (const i of s?.test ?? []) assert.ok((times[i] as number) >= cutoff);
        assert.equal((s?.train.length ?? 0) + (s?.test.length ?? 0), times.filter((t) => t < cutoff - gap || t >= cutoff).length);
      },
    ),
    { numRuns: 200, seed: 17 },
  );
});

test('TemporalSplit: option and data errors', () => {
  const isValue = (re: RegExp) => (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);
  assert.throws(() => new TemporalSplit({}), isValue(/give exactly one of cutoff and testSize. Received: neither/));
  assert.throws(() => new TemporalSplit({ cutoff: 3, testSize: 0.2 }), isValue(/Received: both/));
  assert.throws(() => new TemporalSplit({ testSize: 1.5 }), isValue(/testSize=1.5/));
  assert.throws(() => new TemporalSplit({ cutoff: 3, gap: -1 }), isValue(/gap=-1/));
  assert.throws(() => new TemporalSplit({ cutoff: new Date('nope') }), isValue(/valid Date/));
  assert.throws(() => new TemporalSplit({ cutoff: 100 }).split(3, undefined, [1, 2, 3]), isValue(/the test side is empty/));
  assert.throws(() => new TemporalSplit({ testSize: 5 }).split(5), isValue(/must leave rows to train on/));
  assert.throws(() => new TemporalSplit({ cutoff: 2 }).split(3, undefined, [1, NaN, 3]), isValue(/finite numbers.*row 1/));
});
