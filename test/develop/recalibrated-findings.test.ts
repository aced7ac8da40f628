// A single cohort's site-miscalibrated finding beside the final model's recalibration: the advice to
// recalibrate is replaced by what train did, only when it did it and only without sites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWithFinalRecalibration } from '../../src/develop/recalibrated-findings.js';
import type { FinalRecalibration } from '../../src/develop/recalibrate-final.js';
import { miscalibrationFinding } from '../../src/validate/miscalibration.js';
import type { Finding } from '../../src/index.js';

const miscalibrated = miscalibrationFinding('all', { oe: 0.97, oeCi: [0.92, 1.02], slope: 1.42, slopeCi: [1.27, 1.57] }, {}, 'site')!;
const other: Finding = { code: 'site-underpowered', severity: 'info', site: 'all', message: 'few patients', details: {} };
const applied: FinalRecalibration = {
  applied: true,
  reason: 'recalibrated on the 572 early-stopping rows (255 events)',
  recalibration: { method: 'logistic', intercept: 0.07, slope: 1.37, fittedOn: { n: 572, events: 255, source: 'early-stopping rows' } },
  n: 572,
  events: 255,
  before: { oe: 0.99, slope: 1.37 },
  after: { oe: 1.0, slope: 0.97 },
  summary: '',
};

test('without sites and with the recalibration applied: the advice names what was done and its cross-fitted result', () => {
  const [read, same] = readWithFinalRecalibration([miscalibrated, other], applied, false);
  assert.equal(
    read!.message,
    "all: calibration slope 1.42 (CI 1.27–1.57): predictions too moderate. These are the validation folds' risks before recalibration; the final model is recalibrated on its 572 early-stopping rows (255 events), cross-fitted O:E 1.00 and slope 0.97, and predict and validate apply it.",
  );
  assert.equal(read!.severity, 'warning');
  assert.deepEqual((read!.details as { finalRecalibrated: unknown }).finalRecalibrated, { oe: 1.0, slope: 0.97 });
  assert.equal(same, other);
});

test('unchanged with sites, without a recalibration, or when it was not applied', () => {
  const advice = /Recalibrate locally \(clinreg update\) before using these risks\.$/;
  for (const [recal, hasSites] of [[applied, true], [null, false], [{ ...applied, applied: false, recalibration: null }, false]] as const) {
    const [read] = readWithFinalRecalibration([miscalibrated], recal, hasSites);
    assert.equal(read, miscalibrated);
    assert.match(read!.message, advice);
  }
});
