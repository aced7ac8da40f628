import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics } from '../../src/index.js';
import { assertClose, cases, valueError } from './helpers.js';

test('calibrationCurve: bins, counts, edges and points equal scikit-learn 1.2.1 calibration_curve (uniform and quantile)', () => {
  let checked = 0;
  for (const c of cases) {
    for (const ref of c.calibration ?? []) {
      const what = `${c.name} ${ref.strategy}/${ref.nBins}`;
      const curve = metrics.calibrationCurve(c.y, c.score, { nBins: ref.nBins, strategy: ref.strategy });
      assertClose(curve.edges, ref.edges, 0, `${what} edges`);
      assertClose(curve.counts, ref.counts, 0, `${what} counts`);
      assertClose(curve.probTrue, ref.probTrue, 1e-15, `${what} probTrue`);
      assertClose(curve.probPred, ref.probPred, 1e-15, `${what} probPred`);
      checked++;
    }
  }
  assert.ok(checked >= 9);
});

test('expectedCalibrationError: count-weighted |observed − predicted| over calibration_curve bins (1e-14)', () => {
  for (const c of cases) {
    for (const ref of c.calibration ?? []) {
      const ece = metrics.expectedCalibrationError(c.y, c.score, { nBins: ref.nBins, strategy: ref.strategy });
      assertClose(ece, ref.ece, 1e-14, `${c.name} ${ref.strategy}/${ref.nBins}`);
    }
  }
});

test('expectedCalibrationError: 0 when every bin is perfectly calibrated; default 10 uniform bins', () => {
  // bin (0.2, 0.3]: p = 0.25 with 1 event in 4; bin (0.7, 0.8]: p = 0.75 with 3 in 4
  const y = [1, 0, 0, 0, 1, 1, 1, 0];
  const p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
  assertClose(metrics.expectedCalibrationError(y, p), 0, 1e-15);
  assertClose(metrics.expectedCalibrationError([0, 1], [0.3, 0.3]), 0.2, 1e-15);
});

test('calibration binning: option errors', () => {
  assert.throws(() => metrics.expectedCalibrationError([0, 1], [0.1, 0.9], { nBins: 0 }), valueError(/expectedCalibrationError: nBins must be an integer ≥ 1. Received: nBins=0/));
  const bad = { strategy: 'equal' } as unknown as { strategy: 'uniform' };
  assert.throws(() => metrics.calibrationCurve([0, 1], [0.1, 0.9], bad), valueError(/strategy must be 'uniform' or 'quantile'. Received: equal/));
  assert.throws(() => metrics.calibrationCurve([0, 1], [0.1, 1.9]), valueError(/yProb must be probabilities in \[0, 1\]/));
});
