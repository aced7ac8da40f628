// Peak memory of the library training path on 2,000,000 rows × 14 columns (issue #19: `train`
// peaked at 7.9 GB). Stages, in one process as an application runs them: generate a CSV (12
// numeric features with 5 % missing, a 4-level site, a 0/1 outcome), data.readCsv (streamed),
// TabularPreprocessor.fitTransform (impute, scale) → the float32 input matrix, a Tensor over it
// (no copy), and train.fit for one epoch of the recommended MLP (batches of 512, 10 % held out for
// validation, early stopping on val_loss). Peak RSS (getrusage maxrss) is recorded after each stage.
// Run (low priority on a shared machine): nice -n 10 node --import tsx bench/fit-memory.ts [--rows N] [--epochs E]
// Writes bench/results/fit-memory.json.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Tensor, data, manualSeed, nn, optim, recommend, train } from '../src/index.js';
import { FEATURES, generateSitesCsv, machine, numericOption, peakRssMb } from './memory-common.js';

const rows = numericOption('--rows', 2_000_000);
const epochs = numericOption('--epochs', 1);
const peakMb = peakRssMb;

const stages: { stage: string; seconds: number; peakRssMb: number; heapUsedMb: number }[] = [];
async function stage<T>(name: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const v = await f();
  stages.push({ stage: name, seconds: +((performance.now() - t0) / 1000).toFixed(2), peakRssMb: peakMb(), heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) });
  console.log(JSON.stringify(stages[stages.length - 1]));
  return v;
}

const dir = mkdtempSync(join(tmpdir(), 'clinreg-fitmem-'));
const csv = join(dir, 'big.csv');
try {
  const baseline = peakMb();
  await generateSitesCsv(csv, rows);
  const table = await stage('readCsv', () => data.readCsv(csv));
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  const y = data.binaryTarget(table, schema);
  const pre = new data.TabularPreprocessor(schema);
  const matrix = await stage('preprocess (fitTransform → float32 matrix)', () => pre.fitTransform(table));
  const p = pre.featureNames.length;
  const nVal = Math.floor(rows / 10);
  const nTrain = rows - nVal;
  // Views, not copies: the training and validation tensors share the matrix's buffer.
  const x = new Tensor(matrix.subarray(0, nTrain * p), [nTrain, p]);
  const xv = new Tensor(matrix.subarray(nTrain * p), [nVal, p]);
  const yAll = Float32Array.from(y);
  const yt = new Tensor(yAll.subarray(0, nTrain), [nTrain, 1]);
  const yv = new Tensor(yAll.subarray(nTrain), [nVal, 1]);
  manualSeed(0);
  const model = recommend.buildMlp({ nFeatures: p, hiddenSizes: [128, 64], dropout: [0.3, 0.2] });
  const history = await stage(`fit (${epochs} epoch(s), batch 512)`, () =>
    train.fit(model, {
      x, y: yt, validationData: { x: xv, y: yv }, loss: new nn.BCEWithLogitsLoss(), optimizer: new optim.AdamW(model.parameters(), { lr: 1e-3 }),
      epochs, batchSize: 512, seed: 0, earlyStopping: { monitor: 'val_loss', patience: 3, restoreBestWeights: true },
    }),
  );
  const result = {
    ...machine(),
    rows,
    columns: FEATURES + 2,
    csvMb: Math.round(statSync(csv).size / 2 ** 20),
    modelInputs: p,
    baselineRssMb: baseline,
    stages,
    peakRssMb: peakMb(),
    valLoss: history.epochs.at(-1)?.valLoss,
    memoryModel:
      'columns as Float64Array (8 B × rows × columns), preprocessing replaces one column set at a time, the model input is one float32 matrix (4 B × rows × inputs) that training and validation tensors view without copying; fit copies one batch at a time.',
  };
  writeFileSync('bench/results/fit-memory.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(`peak RSS ${result.peakRssMb} MB for ${rows} rows × ${FEATURES + 2} columns`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
