// Peak memory of the whole development pipeline (what `clinreg train` runs: leakage audit, shift
// diagnosis, leave-one-site-out validation, final model, recalibration, MC dropout) on a generated
// 4-site CSV of N rows × 14 columns, in one process, with the peak RSS after each step.
// Run: node --import tsx bench/develop-memory.ts [--rows N] [--epochs E]
// Writes bench/results/develop-memory.json.
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, develop, kernels } from '../src/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = option('--rows', 500_000);
const epochs = option('--epochs', 1);
const FEATURES = 12;

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(`site,${Array.from({ length: FEATURES }, (_, j) => `x${j}`).join(',')},y\n`);
  let s = 12345;
  const r = (): number => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const xs: string[] = [];
    let logit = -1;
    for (let j = 0; j < FEATURES; j++) {
      const v = r() * 4 - 2;
      if (j < 3) logit += v * (j + 1) * 0.5;
      xs.push(r() < 0.05 ? '' : v.toFixed(3));
    }
    chunk += `s${i & 3},${xs.join(',')},${r() < 1 / (1 + Math.exp(-logit)) ? 1 : 0}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const steps: { step: string; seconds: number; peakRssMb: number }[] = [];
const t0 = performance.now();
const mark = (step: string): void => {
  steps.push({ step, seconds: +((performance.now() - t0) / 1000).toFixed(1), peakRssMb: peakMb() });
  console.log(JSON.stringify(steps[steps.length - 1]));
};

const dir = mkdtempSync(join(tmpdir(), 'clinreg-devmem-'));
try {
  const csv = join(dir, 'big.csv');
  await generate(csv);
  const table = await data.readCsv(csv);
  mark('readCsv');
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  develop.developModel(table, schema, { epochs, mcPasses: 2, onProgress: (s: string) => mark(s) });
  mark('done');
  const result = {
    date: new Date().toISOString(),
    rows,
    columns: FEATURES + 2,
    epochs,
    kernelTier: kernels.kernelInfo().tier,
    cpus: cpus().length,
    loadAverage: loadavg().map((v) => +v.toFixed(2)),
    node: process.version,
    steps,
    peakRssMb: peakMb(),
  };
  writeFileSync('bench/results/develop-memory.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(`peak RSS ${result.peakRssMb} MB for ${rows} rows × ${FEATURES + 2} columns`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
