import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics } from '../../src/index.js';
import { assertClose, cases, undefinedMetric, valueError } from './helpers.js';

test('thresholdMetrics: equal scikit-learn recall/precision/f1/accuracy on yProb >= threshold', () => {
  let checked = 0;
  for (const c of cases) {
    for (const ref of c.thresholds ?? []) {
      const r = metrics.thresholdMetrics(c.y, c.score, { threshold: ref.threshold });
      const what = `${c.name} @${ref.threshold}`;
      assert.equal(r.tp, ref.tp, what);
      assert.equal(r.fp, ref.fp, what);
      assertClose(r.accuracy, ref.accuracy, 1e-15, `${what} accuracy`);
      assertClose(r.sensitivity, ref.sensitivity, 1e-15, `${what} sensitivity`);
      assertClose(r.specificity, ref.specificity, 1e-15, `${what} specificity`);
      // scikit-learn reports 0 where the ratio is 0/0; clinreg reports NaN
      assertClose(Number.isNaN(r.ppv) ? 0 : r.ppv, ref.ppv, 1e-15, `${what} ppv`);
      assertClose(Number.isNaN(r.npv) ? 0 : r.npv, ref.npv, 1e-15, `${what} npv`);
      assertClose(Number.isNaN(r.f1) ? 0 : r.f1, ref.f1, 1e-15, `${what} f1`);
      assertClose(r.youden, r.sensitivity + r.specificity - 1, 1e-15);
      checked++;
    }
  }
  assert.ok(checked >= 6);
});

test('thresholdMetrics: 0/0 ratios are NaN, not 0; threshold must be finite', () => {
  const r = metrics.thresholdMetrics([0, 1, 0], [0.1, 0.2, 0.3], { threshold: 0.9 });
  assert.equal(r.tp + r.fp, 0);
  assert.ok(Number.isNaN(r.ppv));
  assert.equal(r.npv, 2 / 3);
  assert.throws(() => metrics.thresholdMetrics([0, 1], [0.1, 0.2], { threshold: NaN }), valueError(/threshold must be a finite number/));
});

test('youdenThreshold: maximises TPR − FPR over the ROC thresholds, highest threshold on ties', () => {
  const best = metrics.youdenThreshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
  assert.deepEqual(best, { threshold: 0.8, sensitivity: 0.5, specificity: 1, youden: 0.5 });
  for (const c of cases) {
    const y = metrics.youdenThreshold(c.y, c.score);
    const { fpr, tpr } = metrics.rocCurve(c.y, c.score, { dropIntermediate: false });
    const maxJ = Math.max(...Array.from(tpr, (t, k) => t - (fpr[k] as number)));
    assertClose(y.youden, maxJ, 1e-15, c.name);
    assertClose(metrics.thresholdMetrics(c.y, c.score, { threshold: y.threshold }).youden, y.youden, 1e-12, c.name);
  }
  assert.throws(() => metrics.youdenThreshold([0, 0], [0.1, 0.2]), undefinedMetric(/Youden's J is undefined/));
});
