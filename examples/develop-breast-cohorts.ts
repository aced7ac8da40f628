// The development pipeline as a library on two real breast-cancer cohorts (Rotterdam, GBSG): the
// outcome-defining column is refused, the run without it is validated cohort by cohort, written as
// one output set, and the saved model scores new rows with its stored recalibration.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, develop, io } from '../src/index.js';

const table = await data.readCsv('data/breast-cancer/breast_2cohorts.csv');

// rfstime (days to recurrence or death) defines event5: developModel refuses to train on it.
const leaky = data.createSchema(table, { target: 'event5', site: 'cohort', exclude: ['pid'] });
assert.throws(() => develop.developModel(table, leaky), (e: unknown) => e instanceof develop.LeakageError && e.columns.join() === 'rfstime');
console.log('refused: rfstime gives the outcome away');

const schema = data.createSchema(table, { target: 'event5', site: 'cohort', exclude: ['pid', 'rfstime'] });
const result = develop.developModel(table, schema, { seed: 0, epochs: 40 });
console.log(`validation: ${result.scheme.scheme} (${result.scheme.reason})`);
for (const s of result.validation.crossSite.sites) {
  console.log(`  ${s.site.padEnd(10)} n=${s.n} events=${s.events} AUC=${s.auc!.toFixed(3)} (${s.ci![0].toFixed(2)}–${s.ci![1].toFixed(2)})`);
}
console.log(result.recalibration!.summary);

// Each cohort scored by a model trained on the other: plausible external AUCs, not a leak's 0.98.
assert.equal(result.scheme.scheme, 'leave-one-site-out');
for (const s of result.validation.crossSite.sites) assert.ok(s.auc! > 0.6 && s.auc! < 0.85, `${s.site} AUC ${s.auc}`);

const out = join(mkdtempSync(join(tmpdir(), 'clinreg-example-')), 'breast');
try {
  const written = await develop.writeRunOutputs(out, result, { id: 'pid' });
  assert.deepEqual(readdirSync(out).sort(), ['model', 'predictions.csv', 'report.html', 'results.json']);
  const model = io.loadModel(written.modelDir);
  const gbsg = await data.readCsv('data/breast-cancer/gbsg.csv');
  const risk = develop.predictProba(model, gbsg);
  assert.equal(risk.length, gbsg.nRows);
  assert.ok(risk.every((p) => p > 0 && p < 1));
  console.log(`output set written (${readdirSync(out).join(", ")}); ${risk.length} GBSG risks from the saved model, first ${risk[0]!.toFixed(3)}`);
} finally {
  rmSync(join(out, '..'), { recursive: true, force: true });
}
