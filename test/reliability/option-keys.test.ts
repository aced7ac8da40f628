// No option accepted and then ignored (issue #19 item 7): the main option objects of the public API
// refuse an unknown key with a ValueError naming it, and GroupKFold's shuffle — accepted and
// ignored in the 400 of 400 configurations — now shuffles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, ValueError, checks, data, develop, io, manualSeed, metrics, modelSelection, nn, optim, recommend, train, validate } from '../../src/index.js';

const BOGUS = { bogus: 1 } as never;
const refusesBogus = (who: string) => (e: unknown): boolean =>
  e instanceof ValueError && e.code === 'E_VALUE' && e.message.startsWith(`${who}: `) && /'bogus'/.test(e.message);

const table = data.parseCsv('site,x,y\na,1,0\na,2,1\na,3,0\nb,3,0\nb,4,1\nb,2,1\nc,1,1\nc,0,0\nc,2,1\n');
const schema = data.createSchema(table, { target: 'y', site: 'site' });
manualSeed(0);
const model = recommend.buildMlp({ nFeatures: 1, hiddenSizes: [2], dropout: [0.1] });
const x = new Tensor(new Float32Array([1, 2, 3, 4]), [4, 1]);
const y = new Tensor(new Float32Array([0, 1, 0, 1]), [4, 1]);
const build = (n: number): nn.Module => recommend.buildMlp({ nFeatures: n, hiddenSizes: [2] });
const fitOptions = (): train.FitOptions => ({ x, y, loss: new nn.BCEWithLogitsLoss(), optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 1 });

test('an unknown key is a ValueError naming it in every main option object (data, io, train, optim, develop, checks, validate, splitters, metrics, recommend)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-optkeys-'));
  try {
    const csv = join(dir, 'a.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const cases: [string, () => unknown][] = [
      ['parseCsv', () => data.parseCsv('a\n1\n', BOGUS)],
      ['readCsvSync', () => data.readCsvSync(csv, BOGUS)],
      ['createSchema', () => data.createSchema(table, { target: 'y', bogus: 1 } as never)],
      ['binaryTarget', () => data.binaryTarget(table, schema, BOGUS)],
      ['TabularPreprocessor', () => new data.TabularPreprocessor(schema, BOGUS)],
      ['StandardScaler', () => new data.StandardScaler(BOGUS)],
      ['SimpleImputer', () => new data.SimpleImputer(BOGUS)],
      ['OneHotEncoder', () => new data.OneHotEncoder(BOGUS)],
      ['saveModel', () => io.saveModel(join(dir, 'm'), { model, bogus: 1 } as never)],
      ['fit', () => train.fit(model, { ...fitOptions(), bogus: 1 } as never)],
      ['EarlyStopping', () => train.fit(model, { ...fitOptions(), earlyStopping: { monitor: 'loss', bogus: 1 } as never })],
      ['mcDropoutPredict', () => train.mcDropoutPredict(model, x, BOGUS)],
      ['developModel', () => develop.developModel(table, schema, BOGUS)],
      ['Adam', () => new optim.Adam(model.parameters(), BOGUS)],
      ['AdamW', () => new optim.AdamW(model.parameters(), { lr: 1e-3, bogus: 1 } as never)],
      ['SGD', () => new optim.SGD(model.parameters(), { lr: 0.1, bogus: 1 } as never)],
      ['CosineAnnealingLR', () => new optim.CosineAnnealingLR(new optim.SGD(model.parameters(), { lr: 0.1 }), { tMax: 3, bogus: 1 } as never)],
      ['ReduceLROnPlateau', () => new optim.ReduceLROnPlateau(new optim.SGD(model.parameters(), { lr: 0.1 }), BOGUS)],
      ['buildMlp', () => recommend.buildMlp({ nFeatures: 1, hiddenSizes: [2], bogus: 1 } as never)],
      ['auditLeakage', () => checks.auditLeakage(table, schema, BOGUS)],
      ['detectShift', () => checks.detectShift(table, schema, BOGUS)],
      ['crossValidate', () => validate.crossValidate(build, table, schema, BOGUS)],
      ['leaveOneSiteOut', () => validate.leaveOneSiteOut(build, table, schema, BOGUS)],
      ['KFold', () => new modelSelection.KFold(BOGUS)],
      ['StratifiedKFold', () => new modelSelection.StratifiedKFold(BOGUS)],
      ['GroupKFold', () => new modelSelection.GroupKFold(BOGUS)],
      ['LeaveOneGroupOut', () => new modelSelection.LeaveOneGroupOut(BOGUS)],
      ['rocAucScore', () => metrics.rocAucScore([0, 1], [0.1, 0.9], BOGUS)],
      ['rocCurve', () => metrics.rocCurve([0, 1], [0.1, 0.9], BOGUS)],
      // nn module constructors, initialisers and loadStateDict
      ['Linear', () => new nn.Linear(2, 3, BOGUS)],
      ['BatchNorm1d', () => new nn.BatchNorm1d(4, { eps: 1e-5, bogus: 1 } as never)],
      ['BatchNorm2d', () => new nn.BatchNorm2d(4, BOGUS)],
      ['Conv2d', () => new nn.Conv2d(1, 2, 3, BOGUS)],
      ['LayerNorm', () => new nn.LayerNorm(4, BOGUS)],
      ['MaxPool2d', () => new nn.MaxPool2d(2, BOGUS)],
      ['GELU', () => new nn.GELU(BOGUS)],
      ['MultiheadAttention', () => new nn.MultiheadAttention(4, 2, BOGUS)],
      ['TransformerEncoderLayer', () => new nn.TransformerEncoderLayer(4, 2, 8, BOGUS)],
      ['TransformerEncoder', () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, 8), 1, BOGUS)],
      ['init.kaimingUniform', () => nn.init.kaimingUniform(new Tensor(new Float32Array(4), [2, 2]), BOGUS)],
      ['init.xavierNormal', () => nn.init.xavierNormal(new Tensor(new Float32Array(4), [2, 2]), BOGUS)],
      ['init.uniform', () => nn.init.uniform(new Tensor(new Float32Array(4), [2, 2]), 0, 1, BOGUS)],
      ['Module.loadStateDict', () => new nn.Linear(2, 3).loadStateDict(new nn.Linear(2, 3).stateDict(), BOGUS)],
    ];
    for (const [who, call] of cases) assert.throws(call, refusesBogus(who), who);
    await assert.rejects(data.readCsv(csv, BOGUS), refusesBogus('readCsv'));
    // The known keys still pass.
    assert.equal(data.parseCsv('a;b\n1;2\n', { delimiter: ';', source: 'x.csv' }).nRows, 1);
    assert.equal(new data.TabularPreprocessor(schema, { scale: false, addIndicator: true }).features.length, 1);
    assert.equal(new nn.Conv2d(1, 2, 3, { stride: 1, padding: 1, bias: false }).bias, null);
    assert.equal(new nn.BatchNorm1d(4, { eps: 1e-3, momentum: null, affine: true, trackRunningStats: true }).eps, 1e-3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('replay: GroupKFold({ shuffle: true, randomState }) gives other folds than unshuffled — the issue found them equal in 400 of 400 configurations', () => {
  const key = (folds: Iterable<{ test: ArrayLike<number> }>): string => JSON.stringify([...folds].map((f) => Array.from(f.test)));
  let differ = 0;
  let tried = 0;
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 1000 }), fc.array(fc.integer({ min: 0, max: 29 }), { minLength: 30, maxLength: 120 }), (k, seed, raw) => {
      const groups = raw.map((g, i) => (i < 30 ? i : g)); // 30 distinct groups, then repeats
      tried++;
      const plain = key(new modelSelection.GroupKFold({ nSplits: k }).split(groups.length, undefined, groups));
      const shuffled = key(new modelSelection.GroupKFold({ nSplits: k, shuffle: true, randomState: seed }).split(groups.length, undefined, groups));
      if (plain !== shuffled) differ++;
    }),
    { numRuns: 400, seed: 19 },
  );
  assert.equal(tried, 400);
  // With 30 groups in 2–5 folds, a shuffle that equals the size-balanced unshuffled assignment is
  // vanishingly rare: every configuration differs.
  assert.equal(differ, 400, `${differ} of 400 configurations shuffled`);
});
