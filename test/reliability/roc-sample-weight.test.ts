// Ranking metrics with sample weights (issue #19 item 7): rocCurve and rocAucScore with
// { sampleWeight } equal scikit-learn 1.2 (fixtures from scripts/gen-roc-weight-fixtures.py, cases
// ported from sklearn's test_ranking.py / test_common.py), and a weights argument the function
// does not take is refused, never ignored.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { UndefinedMetricError, ValueError, metrics } from '../../src/index.js';

interface Case {
  name: string;
  yTrue: number[];
  yScore: number[];
  sampleWeight: number[] | null;
  auc: number;
  fpr: number[];
  tpr: number[];
  thresholds: number[];
  fprFull: number[];
  tprFull: number[];
  thresholdsFull: number[];
}
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/metrics/sklearn-roc-weights.json', import.meta.url), 'utf8')) as { cases: Case[] };

function close(actual: ArrayLike<number>, expected: number[], what: string, tol = 1e-12): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `${what}[${i}]: ${actual[i]} vs scikit-learn ${expected[i]}`);
}

test('rocAucScore and rocCurve with sampleWeight equal scikit-learn 1.2 on every fixture case', () => {
  assert.ok(cases.length >= 13);
  for (const c of cases) {
    const opts = c.sampleWeight === null ? {} : { sampleWeight: c.sampleWeight };
    assert.ok(Math.abs(metrics.rocAucScore(c.yTrue, c.yScore, opts) - c.auc) <= 1e-12, `${c.name}: auc ${metrics.rocAucScore(c.yTrue, c.yScore, opts)} vs ${c.auc}`);
    const r = metrics.rocCurve(c.yTrue, c.yScore, opts);
    close(r.fpr, c.fpr, `${c.name} fpr`);
    close(r.tpr, c.tpr, `${c.name} tpr`);
    close(r.thresholds, c.thresholds, `${c.name} thresholds`, 0);
    const full = metrics.rocCurve(c.yTrue, c.yScore, { ...opts, dropIntermediate: false });
    close(full.fpr, c.fprFull, `${c.name} fpr (all thresholds)`);
    close(full.tpr, c.tprFull, `${c.name} tpr (all thresholds)`);
    close(full.thresholds, c.thresholdsFull, `${c.name} thresholds (all)`, 0);
  }
});

test('test_ranking.py ports: fpr/tpr increasing; zero weight equals dropping the row', () => {
  const r = metrics.rocCurve([0, 0, 1, 1, 1], [0.1, 0.7, 0.3, 0.4, 0.5], { sampleWeight: [0.2, 0.2, 0.2, 0.2, 0.2] });
  for (let i = 1; i < r.fpr.length; i++) assert.ok(r.fpr[i]! >= r.fpr[i - 1]! && r.tpr[i]! >= r.tpr[i - 1]!);
  const a = metrics.rocCurve([0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5], { sampleWeight: [1, 1, 1, 0.5, 0] });
  const b = metrics.rocCurve([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4], { sampleWeight: [1, 1, 1, 0.5] });
  assert.deepEqual(a, b);
});

test('property: integer weights equal repeated rows; a common scale changes nothing (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 })), { minLength: 2, maxLength: 40 }),
      fc.double({ min: 0.01, max: 100, noNaN: true }),
      (rows, scale) => {
        const y = rows.map((r) => r[0]);
        if (!y.includes(0) || !y.includes(1)) return true;
        const s = rows.map((r) => r[1] / 6);
        const w = rows.map((r) => r[2]);
        const yy = rows.flatMap((r) => Array<number>(r[2]).fill(r[0]));
        const ss = rows.flatMap((r) => Array<number>(r[2]).fill(r[1] / 6));
        const weighted = metrics.rocAucScore(y, s, { sampleWeight: w });
        assert.ok(Math.abs(weighted - metrics.rocAucScore(yy, ss)) < 1e-12);
        assert.ok(Math.abs(metrics.rocAucScore(y, s, { sampleWeight: w.map((v) => v * scale) }) - weighted) < 1e-12);
        return true;
      },
    ),
    { numRuns: 200 },
  );
});

test('weights passed positionally, unknown options and bad weights are refused, never ignored', () => {
  const y = [0, 0, 1, 1];
  const s = [0.1, 0.4, 0.35, 0.8];
  const refused = (f: () => unknown, pattern: RegExp): void => assert.throws(f, (e: unknown) => e instanceof ValueError && pattern.test(e.message));
  refused(() => metrics.rocAucScore(y, s, [1, 1, 3, 1] as never), /rocAucScore: the third argument is an options object .*Received: an array of 4 values.*\{ sampleWeight/);
  refused(() => metrics.rocCurve(y, s, new Float64Array([1, 1, 3, 1]) as never), /rocCurve: the third argument is an options object/);
  refused(() => metrics.rocAucScore(y, s, { sample_weight: [1, 1, 1, 1] } as never), /option 'sample_weight' is not supported/);
  refused(() => metrics.rocAucScore(y, s, { maxFpr: 0.5 } as never), /option 'maxFpr' is not supported/);
  refused(() => metrics.rocAucScore(y, s, { sampleWeight: [1, 1, 1] }), /one weight per row \(4\)/);
  refused(() => metrics.rocAucScore(y, s, { sampleWeight: [1, -1, 1, 1] }), /≥ 0\. Received: -1 at index 1/);
  refused(() => metrics.rocAucScore(y, s, { sampleWeight: [1, NaN, 1, 1] }), /Received: NaN at index 1/);
  assert.throws(() => metrics.rocAucScore(y, s, { sampleWeight: [0, 0, 1, 1] }), UndefinedMetricError);
});

test('metrics without sample-weight support refuse a weights argument instead of ignoring it', () => {
  const y = [0, 0, 1, 1];
  const p = [0.1, 0.4, 0.35, 0.8];
  const w = [1, 1, 3, 1];
  for (const [name, f] of [
    ['averagePrecision', metrics.averagePrecision],
    ['brierScore', metrics.brierScore],
    ['scaledBrierScore', metrics.scaledBrierScore],
    ['youdenThreshold', metrics.youdenThreshold],
  ] as const) {
    assert.throws(() => (f as (...a: unknown[]) => unknown)(y, p, w), (e: unknown) => e instanceof ValueError && e.message.startsWith(`${name}: takes (yTrue, scores) only`), name);
    (f as (...a: unknown[]) => unknown)(y, p);
  }
});
