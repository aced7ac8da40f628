import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { metrics } from '../../src/index.js';
import { assertClose, cases, undefinedMetric, valueError } from './helpers.js';

test('rocCurve: fpr, tpr, thresholds identical to scikit-learn 1.2.1 roc_curve, drop_intermediate on and off', () => {
  for (const c of cases) {
    const dropped = metrics.rocCurve(c.y, c.score);
    assertClose(dropped.fpr, c.rocDrop.fpr, 0, `${c.name} fpr`);
    assertClose(dropped.tpr, c.rocDrop.tpr, 0, `${c.name} tpr`);
    assertClose(dropped.thresholds, c.rocDrop.thresholds, 0, `${c.name} thresholds`);
    const all = metrics.rocCurve(c.y, c.score, { dropIntermediate: false });
    assertClose(all.fpr, c.rocAll.fpr, 0, `${c.name} fpr (all)`);
    assertClose(all.tpr, c.rocAll.tpr, 0, `${c.name} tpr (all)`);
    assertClose(all.thresholds, c.rocAll.thresholds, 0, `${c.name} thresholds (all)`);
    assert.ok(dropped.fpr instanceof Float64Array && dropped.thresholds instanceof Float64Array);
  }
});

test('rocCurve: property: trapezoidal area equals rocAucScore; curve runs (0,0) → (1,1) monotonically', () => {
  const rows = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 8 })), { minLength: 2, maxLength: 80 })
    .filter((r) => r.some((x) => x[0] === 1) && r.some((x) => x[0] === 0));
  fc.assert(
    fc.property(rows, fc.boolean(), (r, drop) => {
      const y = r.map((x) => x[0]);
      const s = r.map((x) => x[1] / 10);
      const { fpr, tpr, thresholds } = metrics.rocCurve(y, s, { dropIntermediate: drop });
      let area = 0;
      for (let k = 1; k < fpr.length; k++) {
        assert.ok((fpr[k] as number) >= (fpr[k - 1] as number) && (tpr[k] as number) >= (tpr[k - 1] as number));
        assert.ok((thresholds[k] as number) < (thresholds[k - 1] as number));
        area += ((fpr[k] as number) - (fpr[k - 1] as number)) * ((tpr[k] as number) + (tpr[k - 1] as number)) / 2;
      }
      assert.equal(fpr[0], 0);
      assert.equal(fpr[fpr.length - 1], 1);
      assert.equal(tpr[tpr.length - 1], 1);
      assertClose(area, metrics.rocAucScore(y, s), 1e-12);
    }),
    { numRuns: 150, seed: 23 },
  );
});

test('rocCurve: one class is UndefinedMetricError (scikit-learn would return NaN); bad option is ValueError', () => {
  assert.throws(() => metrics.rocCurve([1, 1, 1], [0.1, 0.2, 0.3]), undefinedMetric(/rocCurve: the ROC curve is undefined.*3 positives and 0 negatives/));
  const bad = { dropIntermediate: 'yes' } as unknown as { dropIntermediate: boolean };
  assert.throws(() => metrics.rocCurve([0, 1], [0.1, 0.2], bad), valueError(/dropIntermediate must be true or false/));
});
