// develop: the adapted validation runs on the same folds as the plain validation it is compared with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, develop } from '../../src/index.js';

test('site-grouped k-fold with a patient key: the adapted validation holds out whole sites like the plain one (equal to the run without the patient key)', async () => {
  // CGD: 13 small hospitals → site-grouped k-fold, which drops the patient key from the fold schema.
  const table = await data.readCsv('data/cgd/cgd.csv');
  const run = (patient: boolean) => {
    const schema = data.createSchema(table, { target: 'infection', site: 'center', exclude: ['etime1', ...(patient ? [] : ['id'])], ...(patient ? { patient: 'id' } : {}) });
    return develop.developModel(table, schema, { seed: 1, epochs: 3, mcPasses: 2, adapt: 'per-site-norm', updating: false });
  };
  const withPatient = run(true);
  const without = run(false);
  assert.equal(withPatient.scheme.groupBySite, true);
  assert.deepEqual(withPatient.validation.crossSite, without.validation.crossSite);
  assert.ok(withPatient.adaptation !== undefined);
  assert.deepEqual(withPatient.adaptation.crossSite, without.adaptation!.crossSite);
});
