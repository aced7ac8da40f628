// A model trained with --categorical on level-coded columns (heart data: cp 1–4, thal 3/6/7) reads
// those columns as levels again in predict, validate and update (the model names them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliHosted } from './run-cli.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';

test('predict, validate and update read the model\'s categorical features as levels', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-cat-'));
  try {
    const train = await runCliHosted(['train', HEART, '--target', 'num', '--positive', '>0', '--site', 'site', '--categorical', 'cp,thal', '--epochs', '2', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'run'), '--json']);
    assert.equal(train.code, 0, train.stderr);
    const model = join(dir, 'run', 'model');
    const [predict, validate, update] = await Promise.all([
      runCliHosted(['predict', model, HEART, '--json']),
      runCliHosted(['validate', model, HEART, '--target', 'num', '--positive', '>0', '--site', 'site', '--in-training', 'exclude', '--json']),
      runCliHosted(['update', model, HEART, '--target', 'num', '--positive', '>0', '--method', 'intercept', '--out', join(dir, 'updated'), '--json']),
    ]);
    assert.equal(predict.code, 0, predict.stderr);
    const doc = JSON.parse(predict.stdout) as { predictions: { probability: number }[] };
    assert.equal(doc.predictions.length, 920);
    assert.ok(doc.predictions.every((p) => p.probability > 0 && p.probability < 1));
    assert.equal(update.code, 0, update.stderr);
    // The file is the training file: validate reads it (levels included) and then refuses, in one line.
    assert.equal(validate.code, 2, validate.stderr);
    assert.match(validate.stderr, /^clinreg: validate: all 920 rows of .* were in the model's training data/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
