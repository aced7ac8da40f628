import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFormatError, ValueError, io, manualSeed, recommend, update } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const fittedOn = { n: 50, events: 12, source: 'local.csv' };

test('applyRecalibration: p = sigmoid(intercept + slope * logit), stable at extreme logits, NaN stays NaN', () => {
  const r: io.Recalibration = { method: 'logistic', intercept: -0.4, slope: 0.8, fittedOn };
  const p = update.applyRecalibration([0, 1.5, -2, 1e4, -1e4, Number.NaN], r);
  assert.ok(Math.abs(p[0]! - 1 / (1 + Math.exp(0.4))) < 1e-15);
  assert.ok(Math.abs(p[1]! - 1 / (1 + Math.exp(-(-0.4 + 0.8 * 1.5)))) < 1e-15);
  assert.ok(Math.abs(p[2]! - 1 / (1 + Math.exp(-(-0.4 - 1.6)))) < 1e-15);
  assert.equal(p[3], 1);
  assert.equal(p[4], 0);
  assert.ok(Number.isNaN(p[5]));
});

test('applyRecalibration rejects a non-finite intercept or slope with ValueError', () => {
  assert.throws(() => update.applyRecalibration([0], { method: 'intercept', intercept: Number.NaN, slope: 1, fittedOn }),
    (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
});

test('model.json recalibration: saved, loaded, absent → null, non-finite or unknown fields rejected', () => {
  manualSeed(1);
  const model = recommend.buildMlp({ nFeatures: 3, hiddenSizes: [4] });
  const dir = join(tempDir('clinreg-recal-'), 'm');
  io.saveModel(dir, { model });
  assert.equal(io.loadModel(dir).recalibration, null);
  const r: io.Recalibration = { method: 'logistic', intercept: 0.25, slope: 0.7, fittedOn, level: 'logistic (closed test)' };
  io.saveModel(dir, { model, recalibration: r });
  assert.deepEqual(io.loadModel(dir).recalibration, r);
  assert.throws(() => io.saveModel(dir, { model, recalibration: { ...r, slope: Number.POSITIVE_INFINITY } }),
    (e: unknown) => e instanceof ValueError);
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8')) as { recalibration: Record<string, unknown> };
  json.recalibration.intercept = 'x';
  writeFileSync(path, JSON.stringify(json));
  assert.throws(() => io.loadModel(dir), (e: unknown) => e instanceof ModelFormatError && /recalibration\.intercept/.test(e.message));
  json.recalibration.intercept = 0.1;
  json.recalibration.extra = 1;
  writeFileSync(path, JSON.stringify(json));
  assert.throws(() => io.loadModel(dir), (e: unknown) => e instanceof ModelFormatError);
});
