import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, data, recommend, sweep, validate } from '../../src/index.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';
const roles = { target: 'num', positive: '>0', site: 'site' };
// Few epochs: the equality checks need real fits, not good models.
const base = { epochs: 3, patience: 2, hiddenSizes: [8] };

test('in-process sweep: worker threads give exactly the serial numbers, jobs in any order', async () => {
  const plan = sweep.planSweep(sweep.dataRef(HEART, roles), { grid: sweep.parseGrid(['dropout=0.1,0.5']), base, seed: 3 });
  assert.equal(plan.scheme.scheme, 'leave-one-site-out');
  assert.equal(plan.configs.length, 2);
  assert.equal(plan.jobs.length, 2 * 4);
  const serial = await sweep.runSweep(plan, { threads: 0 });
  const threaded = await sweep.runSweep(plan, { threads: 2 });
  assert.equal(threaded.configs.length, 2);
  for (let c = 0; c < 2; c++) {
    assert.deepEqual(Array.from(threaded.configs[c]!.validation.predictions.yProb), Array.from(serial.configs[c]!.validation.predictions.yProb));
    assert.deepEqual(threaded.configs[c]!.validation.crossSite.sites.map((s) => [s.site, s.auc, s.oe, s.slope]), serial.configs[c]!.validation.crossSite.sites.map((s) => [s.site, s.auc, s.oe, s.slope]));
  }
  assert.equal(threaded.chosen, serial.chosen);
  // Jobs run in reverse order and assembled from shuffled results: same numbers.
  const reversed = [...plan.jobs].reverse().map((j) => sweep.runSweepJob(j));
  const again = sweep.assembleSweep(plan, reversed);
  assert.deepEqual(again.configs.map((c) => c.logLoss), serial.configs.map((c) => c.logLoss));
  // The two dropout rates really differ (the grid reaches the model).
  assert.notDeepEqual(Array.from(serial.configs[0]!.validation.predictions.yProb), Array.from(serial.configs[1]!.validation.predictions.yProb));
});

test('a sweep configuration equals crossValidate with the same settings and seed (same folds, seeds and recipe)', async () => {
  const ref = sweep.dataRef(HEART, roles);
  const plan = sweep.planSweep(ref, { grid: sweep.parseGrid(['weightDecay=0.001']), base: { ...base, dropout: 0.2, lr: 0.003 }, seed: 5 });
  const result = await sweep.runSweep(plan, { threads: 0 });
  const table = data.readCsvSync(HEART);
  const schema = data.createSchema(table, roles);
  const c = plan.configs[0]!;
  const cv = validate.crossValidate((n) => recommend.buildMlp({ nFeatures: n, hiddenSizes: c.hiddenSizes, dropout: c.dropout }), table, schema, {
    scheme: 'leave-one-site-out', seed: 5, lr: c.lr, weightDecay: c.weightDecay, labelSmoothing: c.labelSmoothing, epochs: c.epochs, batchSize: c.batchSize, patience: c.patience,
  });
  assert.deepEqual(Array.from(result.configs[0]!.validation.predictions.yProb), Array.from(cv.predictions.yProb));
  assert.deepEqual(result.configs[0]!.validation.crossSite.sites.map((s) => s.auc), cv.crossSite.sites.map((s) => s.auc));
  assert.equal(result.configs[0]!.validation.crossSite.pooled.oe, cv.crossSite.pooled.oe);
});

test('choice rule: the lowest out-of-fold log loss; each job counted once', () => {
  const plan = sweep.planSweep(sweep.dataRef(HEART, roles), { grid: sweep.parseGrid(['lr=0.00001,0.01']), base, seed: 1 });
  const results = plan.jobs.map((j) => sweep.runSweepJob(j));
  const r = sweep.assembleSweep(plan, [...results, results[0]!, results[5]!]);
  assert.equal(r.duplicates, 2);
  const losses = r.configs.map((c) => c.logLoss);
  assert.equal(r.chosen, losses.indexOf(Math.min(...losses)));
  // log loss by its definition on the assembled predictions.
  const p = r.configs[1]!.validation.predictions;
  let sum = 0;
  for (let i = 0; i < p.yTrue.length; i++) sum += p.yTrue[i] === 1 ? -Math.log(p.yProb[i]!) : -Math.log(1 - p.yProb[i]!);
  assert.ok(Math.abs(r.configs[1]!.logLoss - sum / p.yTrue.length) < 1e-12);
  assert.throws(() => sweep.assembleSweep(plan, results.slice(1)), /1 of 8 jobs have no result/);
  // The kernel tier of every job is kept: mixing tiers is visible (they agree to ~1e-5 only).
  assert.equal(r.kernels.length, 1);
  const mixed = sweep.assembleSweep(plan, results.map((x, i) => (i === 0 ? { ...x, kernels: 'ts-elsewhere' } : x)));
  assert.deepEqual(mixed.kernels, [...r.kernels, 'ts-elsewhere'].sort());
});

test('the data travel by content hash: a changed file fails the job with E_DATA naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-sweep-'));
  try {
    const file = join(dir, 'heart.csv');
    // Other bytes than the bundled file (one age changed), so no thread has this content cached.
    writeFileSync(file, readFileSync(HEART, 'utf8').replace('cleveland,63,', 'cleveland,64,'));
    const ref = sweep.dataRef(file, roles);
    const plan = sweep.planSweep(ref, { grid: sweep.parseGrid(['dropout=0.2']), base, seed: 0 });
    writeFileSync(file, 'site,age,num\na,1,0\n');
    // A fresh worker thread has no cached copy: it reads the file and checks the hash.
    await assert.rejects(sweep.runSweep(plan, { threads: 1 }), (e: Error & { code?: string }) => e.code === 'E_DATA' && e.message.includes(file) && /SHA-256/.test(e.message));
    assert.throws(() => sweep.loadDataRef({ ...ref, sha256: '0'.repeat(64) }), (e) => e instanceof DataError && e.code === 'E_DATA');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
