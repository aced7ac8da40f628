// Peak memory of the whole development pipeline (what `clinreg train` runs: leakage audit, shift
// diagnosis, leave-one-site-out validation, final model, recalibration, MC dropout) on a generated
// 4-site CSV of N rows × 14 columns, in one process, with the peak RSS and elapsed time after each
// step. Goal (issue #19): peak ≤ 1.5 GB at 2,000,000 rows.
// Run (low priority on a shared machine): nice -n 10 node --import tsx bench/develop-memory.ts [--rows N] [--epochs E]
// Writes bench/results/develop-memory.json.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { data, develop } from '../src/index.js';
import { FEATURES, generateSitesCsv, machine, numericOption, peakRssMb } from './memory-common.js';

const rows = numericOption('--rows', 2_000_000);
const epochs = numericOption('--epochs', 1);
const GOAL_MB = 1536;

const atStart = machine();
const baselineRssMb = peakRssMb();
const steps: { step: string; seconds: number; peakRssMb: number }[] = [];
let t0 = performance.now();
const mark = (step: string): void => {
  steps.push({ step, seconds: +((performance.now() - t0) / 1000).toFixed(1), peakRssMb: peakRssMb() });
  console.log(JSON.stringify(steps[steps.length - 1]));
};

const dir = mkdtempSync(join(tmpdir(), 'clinreg-devmem-'));
try {
  const csv = join(dir, 'big.csv');
  await generateSitesCsv(csv, rows);
  const csvMb = Math.round(statSync(csv).size / 2 ** 20);
  t0 = performance.now(); // the pipeline's time, not the generator's
  const table = await data.readCsv(csv);
  mark('readCsv');
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  const result = develop.developModel(table, schema, { epochs, mcPasses: 2, onProgress: (s: string) => mark(s) });
  mark('done');
  const peak = peakRssMb();
  const doc = {
    ...atStart,
    loadAverageAtEnd: loadavg().map((v) => +v.toFixed(2)),
    rows,
    columns: FEATURES + 2,
    csvMb,
    epochs,
    mcPasses: 2,
    wallSeconds: steps[steps.length - 1]!.seconds,
    baselineRssMb,
    steps,
    peakRssMb: peak,
    goalMb: GOAL_MB,
    withinGoal: peak <= GOAL_MB,
    pooledAuc: result.validation.crossSite.pooled.auc,
  };
  writeFileSync('bench/results/develop-memory.json', `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`peak RSS ${peak} MB (goal ≤ ${GOAL_MB}) for ${rows} rows × ${FEATURES + 2} columns in ${doc.wallSeconds} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
