// bench/readme-table.ts: the README's table of latest results is generated from bench/results
// (`npm run bench` rewrites it), and the committed README holds the table of the committed results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchResultsError, END, START, benchTable, formatSeconds, loadRange, replaceBlock } from '../../bench/readme-table.js';
import { REPO_ROOT } from '../cli/run-cli.js';

/** A results folder holding `files` (name → JSON value, or raw text). */
function resultsDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-bench-table-'));
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return dir;
}

const ENGINE = {
  date: '2026-12-06T16:58:53.991Z',
  machine: { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', loadavg: [[4.58, 4.69, 5.76], [1.39, 2.92, 4.81]] },
  openblasCoreType: 'Zen',
  medians: {
    'mlp_epoch native': 0.05,
    'mlp_epoch wasm': 0.25,
    'mlp_epoch torch-1t': 0.4,
    'mlp_epoch torch-2t': 0.3,
    'mlp_epoch torch-tuned-1t': 0.2,
    'mlp_epoch torch-tuned-2t': 0.22,
  },
};

test('benchTable: each engine tier against the fastest PyTorch of the run, with its goal; missing files named', () => {
  const dir = resultsDir({ 'engine.json': ENGINE });
  try {
    const lines = benchTable(dir).split('\n');
    assert.equal(lines[0], '| benchmark | clinreg | fastest reference, same run | ratio | goal | run (UTC, 1-min load average) |');
    // 0.05 / 0.2 = 0.25 against the goal ≤ 0.5; wasm 0.25 / 0.2 = 1.25 against ≤ 1.0.
    assert.equal(lines[2], '| (a) seed MLP epoch, 10k×20, batch 64, AdamW — native | 50.0 ms | 200.0 ms (PyTorch OpenBLAS-Zen 1 thread) | 0.25 | ≤ 0.5: **met** | 2026-12-06 16:58 UTC, load 1.4–4.6 |');
    assert.equal(lines[3], '| (a) seed MLP epoch, 10k×20, batch 64, AdamW — wasm | 250.0 ms | 200.0 ms (PyTorch OpenBLAS-Zen 1 thread) | 1.25 | ≤ 1: not met | 2026-12-06 16:58 UTC, load 1.4–4.6 |');
    assert.equal(lines.length, 6, 'a row per tier measured, nothing for the workloads not in the file');
    assert.match(lines[5]!, /^Machine: Test CPU, 2 cores, Node v20\.0\.0\. .*Not run yet: transformer\.json, elementwise\.json, demo\.json, csv-numeric\.json, metrics\.json, install-footprint\.json\.$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('benchTable: the demo against its 2 s goal, readCsv against pandas, the install footprint; machines per file when they differ', () => {
  const dir = resultsDir({
    'demo.json': {
      date: '2026-12-06T21:45:53.442Z',
      machine: { cpus: 2, cpu: 'CPU A', node: 'v20.0.0', loadavgBefore: [1.6, 3, 4], loadavgAfter: [2.9, 3, 4] },
      variants: [
        { variant: 'threads auto', medianProcessSeconds: 1.9, medianCpuSeconds: 3.5 },
        { variant: 'base auto', medianProcessSeconds: 2.5, medianCpuSeconds: 4 },
      ],
    },
    'csv-numeric.json': { date: '2026-12-06T09:32:40.096Z', rows: 1000000, columns: 20, machine: { cpus: 2, cpu: 'CPU B', node: 'v20.0.0' }, clinreg: { medianSeconds: 3, peakOverBaselinePerTypedByte: 1.6 }, pandas: { medianSeconds: 2 } },
    'install-footprint.json': {
      date: '2026-12-06T17:03:01.963Z',
      machine: { cpus: 2, cpu: 'CPU A', node: 'v20.0.0' },
      installs: [
        { mode: 'with install scripts', installSeconds: 21, nodeModulesMegabytes: 35.25, tier: 'native' },
        { mode: '--ignore-scripts', installSeconds: 6.3, nodeModulesMegabytes: 34.8, tier: 'ts' },
      ],
    },
  });
  try {
    const table = benchTable(dir);
    assert.ok(table.includes('| clinreg demo, whole process — default | 1.90 s (3.50 s CPU) | – | – | ≤ 2 s: **met** | 2026-12-06 21:45 UTC, load 1.6–2.9 |'), table);
    assert.ok(!table.includes('base'), 'the baseline build timed beside it is not a row');
    assert.ok(table.includes('| readCsv, 1,000,000 rows × 20 numeric columns | 3.00 s | 2.00 s (pandas read_csv) | 1.50 | ≤ 2: **met** |'), table);
    assert.ok(table.includes('| readCsv, 1,000,000 rows × 20 numeric columns: peak memory over the typed columns | 1.60× | – | – | ≤ 1.5×: not met |'), table);
    assert.ok(table.includes('| npm install of the package (with install scripts): time, then tier | 21.0 s, native | – | – | ≤ 20 s: not met |'), table);
    assert.ok(table.includes('| npm install of the package (--ignore-scripts): kernel tier | ts | – | – | wasm: not met |'), table);
    assert.match(table, /Machine: CPU A, 2 cores, Node v20\.0\.0 \(demo\.json, install-footprint\.json\); CPU B, 2 cores, Node v20\.0\.0 \(csv-numeric\.json\)\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('benchTable: a results file that is not JSON or lacks what its benchmark writes is an error naming it', () => {
  for (const [files, message] of [
    [{ 'engine.json': '{"date": ' }, /engine\.json: not JSON/],
    [{ 'engine.json': { ...ENGINE, date: undefined } }, /engine\.json: no valid "date"/],
    [{ 'engine.json': { ...ENGINE, medians: {} } }, /engine\.json: no workload medians/],
    [{ 'demo.json': { date: ENGINE.date, variants: [] } }, /demo\.json: no 'threads …' variant/],
  ] as const) {
    const dir = resultsDir(files);
    try {
      assert.throws(() => benchTable(dir), (err: unknown) => err instanceof BenchResultsError && message.test(err.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('replaceBlock: only the text between the markers changes, twice gives the same; markers missing or repeated are an error', () => {
  const readme = `# Title\n\nbefore\n${START}\nold table\n${END}\n\nafter\n`;
  const once = replaceBlock(readme, '| new |');
  assert.equal(once, `# Title\n\nbefore\n${START}\n| new |\n${END}\n\nafter\n`);
  assert.equal(replaceBlock(once, '| new |'), once);
  assert.throws(() => replaceBlock('# no markers\n', 'x'), /needs one line/);
  assert.throws(() => replaceBlock(`${END}\n${START}\n`, 'x'), /needs one line/);
  assert.throws(() => replaceBlock(`${START}\n${END}\n${START}\n${END}\n`, 'x'), /needs one line/);
  assert.throws(() => replaceBlock(`${START}\n${END}\n${END}\n`, 'x'), /needs one line/);
});

test('formatSeconds and loadRange read as the table prints them', () => {
  assert.equal(formatSeconds(1.6e-7), '0.16 µs');
  assert.equal(formatSeconds(3.03e-6), '3.03 µs');
  assert.equal(formatSeconds(3.811e-4), '381.1 µs');
  assert.equal(formatSeconds(0.0161), '16.1 ms');
  assert.equal(formatSeconds(2.583), '2.58 s');
  assert.equal(formatSeconds(14.62), '14.6 s');
  assert.equal(loadRange({ loadAverage1m: { before: 0.96, after: 1.18 } }), 'load 1.0–1.2');
  assert.equal(loadRange({ machine: { loadavgBefore: [2, 1, 1], loadavgAfter: [2, 1, 1] } }), 'load 2.0');
  assert.equal(loadRange({}), 'load not recorded');
});

test("the README's table is the one of the committed bench/results (regenerate: node --import tsx bench/readme-table.ts)", () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  assert.equal(replaceBlock(readme, benchTable(join(REPO_ROOT, 'bench', 'results'))), readme);
});
