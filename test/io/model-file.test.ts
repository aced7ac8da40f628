import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Generator, ModelFormatError, Tensor, VERSION, data, io, manualSeed, nn, noGrad, randn, recommend } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

function tmp(): string {
  return tempDir('clinreg-model-');
}

function trainedLikeMlp(): nn.Sequential {
  manualSeed(3);
  const m = recommend.buildMlp({ nFeatures: 5, hiddenSizes: [8, 4], dropout: [0.4, 0.3] });
  // Non-default BatchNorm buffers, as after training.
  for (let i = 0; i < 3; i++) noGrad(() => m.forward(randn([16, 5])));
  return m.eval();
}

test('saveModel/loadModel round trip: same outputs, buffers, metadata; the model comes back in eval mode', () => {
  const dir = join(tmp(), 'model');
  const model = trainedLikeMlp();
  const x = randn([7, 5]);
  const expected = noGrad(() => model.forward(x)).data;
  io.saveModel(dir, { model, metadata: { seed: 3, note: 'unit test' } });
  assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'model.safetensors']);
  const loaded = io.loadModel(dir);
  assert.equal(loaded.model.training, false);
  assert.deepEqual(noGrad(() => loaded.model.forward(x)).data, expected);
  assert.deepEqual(loaded.model.stateDict().get('1.running_var')!.data, model.stateDict().get('1.running_var')!.data);
  assert.equal(loaded.metadata.seed, 3);
  assert.equal(loaded.metadata.clinregVersion, VERSION);
  assert.match(String(loaded.metadata.created), /^\d{4}-\d\d-\d\dT/);
  // The weights are a plain safetensors file with PyTorch keys.
  assert.deepEqual([...io.readSafetensors(join(dir, 'model.safetensors')).keys()].sort(), [...model.stateDict().keys()].sort());
});

test('the preprocessing state and schema travel with the model', async () => {
  const table = await data.readCsv('data/heart-disease/heart_disease_4sites.csv');
  const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site', categorical: ['cp', 'thal'] });
  const pre = new data.TabularPreprocessor(schema, { addIndicator: true });
  const rows = Int32Array.from({ length: 300 }, (_, i) => i);
  pre.fit(table, rows);
  const model = recommend.buildMlp({ nFeatures: pre.featureNames.length, hiddenSizes: [8] });
  const dir = join(tmp(), 'm');
  io.saveModel(dir, { model, preprocessor: pre, schema });
  const loaded = io.loadModel(dir);
  assert.deepEqual(loaded.schema, schema);
  assert.deepEqual(loaded.preprocessor!.featureNames, pre.featureNames);
  assert.deepEqual(loaded.preprocessor!.transform(table, rows), pre.transform(table, rows));
});

test('saving over an existing model replaces it whole, leaving no temporary files', () => {
  const parent = tmp();
  const dir = join(parent, 'model');
  io.saveModel(dir, { model: trainedLikeMlp() });
  const second = recommend.buildMlp({ nFeatures: 2, hiddenSizes: [3] });
  io.saveModel(dir, { model: second });
  assert.equal(io.loadModel(dir).architecture.type, 'Sequential');
  assert.deepEqual(io.loadModel(dir).model.stateDict().get('0.weight')!.shape, [3, 2]);
  assert.deepEqual(readdirSync(parent), ['model']);
});

function expectFormatError(dir: string, re: RegExp): void {
  assert.throws(() => io.loadModel(dir), (e: unknown) => e instanceof ModelFormatError && e.code === 'E_MODEL_FORMAT' && re.test(e.message), `expected ${re}`);
}

function rewriteJson(dir: string, edit: (j: Record<string, unknown>) => void, fixHash = false): void {
  const p = join(dir, 'model.json');
  const j = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
  edit(j);
  if (fixHash) (j.weights as { sha256: string }).sha256 = createHash('sha256').update(readFileSync(join(dir, 'model.safetensors'))).digest('hex');
  writeFileSync(p, JSON.stringify(j));
}

test('tampered, missing or mismatching files give ModelFormatError naming the file and field', () => {
  const make = (): string => {
    const dir = join(tmp(), 'm');
    io.saveModel(dir, { model: trainedLikeMlp() });
    return dir;
  };
  expectFormatError(join(tmp(), 'nothing'), /model\.json: missing/);
  let dir = make();
  writeFileSync(join(dir, 'model.json'), '{not json');
  expectFormatError(dir, /not valid JSON/);
  dir = make();
  rewriteJson(dir, (j) => (j.format = 'pickle'));
  expectFormatError(dir, /invalid field 'format'/);
  dir = make();
  rewriteJson(dir, (j) => ((j.architecture as { layers: { type: string }[] }).layers[0]!.type = 'EvalCode'));
  expectFormatError(dir, /invalid architecture at 'layers\.0\.type'/);
  dir = make();
  rewriteJson(dir, (j) => ((j.architecture as { layers: { outFeatures: number }[] }).layers[0]!.outFeatures = 1_000_000));
  expectFormatError(dir, /needs \d+/);
  dir = make();
  const w = readFileSync(join(dir, 'model.safetensors'));
  w[w.length - 1] ^= 0xff;
  writeFileSync(join(dir, 'model.safetensors'), w);
  expectFormatError(dir, /SHA-256 does not match/);
  dir = make();
  // Same number of values (7·6 + 6 = 5·8 + 8 = 48), another layout: the shape check must catch it.
  rewriteJson(dir, (j) => {
    (j.architecture as { layers: Record<string, unknown>[] }).layers[0] = { type: 'Linear', inFeatures: 7, outFeatures: 6, bias: true };
  }, true);
  expectFormatError(dir, /does not fit the architecture/);
  dir = make();
  rewriteJson(dir, (j) => delete j.weights);
  expectFormatError(dir, /invalid field 'weights'/);
});

test('fuzz: random corruption of model.json and of the weights (hash re-signed) only ever gives ModelFormatError', () => {
  const g = new Generator(2024);
  const base = join(tmp(), 'base');
  io.saveModel(base, { model: trainedLikeMlp() });
  const json = readFileSync(join(base, 'model.json'));
  const weights = readFileSync(join(base, 'model.safetensors'));
  let rejected = 0;
  const iterations = 200;
  for (let it = 0; it < iterations; it++) {
    const dir = tmp();
    writeFileSync(join(dir, 'model.json'), json);
    writeFileSync(join(dir, 'model.safetensors'), weights);
    const target = g.random() < 0.5 ? 'json' : 'weights';
    const bytes = Buffer.from(target === 'json' ? json : weights);
    const flips = 1 + g.randint(4);
    for (let k = 0; k < flips; k++) bytes[g.randint(bytes.length)] = g.randint(256);
    const cut = g.random() < 0.2 ? g.randint(bytes.length) : bytes.length;
    const mutated = bytes.subarray(0, cut);
    if (target === 'json') writeFileSync(join(dir, 'model.json'), mutated);
    else {
      writeFileSync(join(dir, 'model.safetensors'), mutated);
      rewriteJson(dir, () => undefined, true);
    }
    try {
      const loaded = io.loadModel(dir);
      // A flip may land in a value (a weight, a metadata string): loading may then legitimately succeed.
      assert.ok(loaded.model instanceof nn.Module);
    } catch (e) {
      assert.ok(e instanceof ModelFormatError, `iteration ${it}: ${(e as Error).constructor.name}: ${(e as Error).message}`);
      rejected++;
    }
  }
  assert.ok(rejected > iterations / 4, `rejected ${rejected} of ${iterations}`);
});

test('describeArchitecture rejects custom modules; buildArchitecture rebuilds the seed CNN', () => {
  class Custom extends nn.Module {
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(() => io.describeArchitecture(new Custom()), /cannot describe a Custom/);
  const cnn = new nn.Sequential(
    new nn.Conv2d(3, 64, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(64), new nn.ReLU(),
    new nn.Conv2d(64, 128, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(128), new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Dropout(0.5), new nn.Linear(128, 3),
  );
  const spec = io.describeArchitecture(cnn);
  const rebuilt = io.buildArchitecture(spec);
  assert.deepEqual(io.describeArchitecture(rebuilt), spec);
  assert.deepEqual([...rebuilt.stateDict().keys()], [...cnn.stateDict().keys()]);
  assert.ok(existsSync('package.json'));
});
