// Shared by the calculator tests (not a test file): a heart-disease model trained for 3 epochs
// by the CLI (--update-sizes none: no calculator test reads the updating experiment; the model is
// the same without it), the same model with a stored recalibration, 50 rows spread over the 4 sites, and
// the calculator bundle rebuilt from the current sources.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from '../../src/index.js';
import { oncePerRun } from '../cli/once-per-run.js';
import { REPO_ROOT, runCli } from '../cli/run-cli.js';

export const HEART = 'data/heart-disease/heart_disease_4sites.csv';
export const MISSING = new Set(['', 'NA', 'NaN', '?']);

let built = false;

/** Rebuild build/browser/*.js (once per test process) so the page runs the sources under test. */
export function buildBrowser(): void {
  if (built) return;
  built = true;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-browser.mjs'), '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build-browser failed: ${r.stderr}`);
}

/** The models and rows the tests use. */
export interface Fixture {
  /** Trained by `clinreg train` (results.json beside it). */
  modelDir: string;
  /** The same weights with a stored logistic recalibration. */
  recalibratedDir: string;
  /** CSV of 50 heart rows (every 18th). */
  rowsCsv: string;
  header: string[];
  rows: string[][];
}

/** `clinreg train` of the heart model into `out`. */
async function trainHeart(out: string): Promise<void> {
  const train = await runCli(['train', HEART, '--target', 'num', '--positive', '>0', '--site', 'site', '--epochs', '3', '--update-sizes', 'none', '--out', out], { timeoutMs: 240_000 });
  assert.equal(train.code, 0, train.stderr);
}

/**
 * The trained run's folder: under scripts/run-tests.mjs the calculator test files of one run share
 * one training (test/cli/once-per-run.ts: the same command on the same sources, so the same model;
 * they only read it); if that training failed (its own test reports it), or outside the runner, a
 * file trains its own copy in `dir`.
 */
async function trainedRun(dir: string): Promise<string> {
  return join(await oncePerRun('calculator-heart', dir, (folder) => trainHeart(join(folder, 'run'))), 'run');
}

/** Train the model (or reuse this run's training, see trainedRun) and write the rows in `dir`. */
export async function makeFixture(dir: string): Promise<Fixture> {
  const out = await trainedRun(dir);
  const modelDir = join(out, 'model');
  const loaded = io.loadModel(modelDir);
  const recalibratedDir = join(dir, 'recalibrated');
  io.saveModel(recalibratedDir, {
    model: loaded.model,
    architecture: loaded.architecture,
    ...(loaded.preprocessor !== null ? { preprocessor: loaded.preprocessor } : {}),
    ...(loaded.schema !== null ? { schema: loaded.schema } : {}),
    metadata: loaded.metadata,
    recalibration: { method: 'logistic', intercept: 0.35, slope: 0.8, fittedOn: { n: 120, events: 40, source: 'test' } },
  });
  const lines = readFileSync(join(REPO_ROOT, HEART), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const picked = Array.from({ length: 50 }, (_, k) => lines[1 + k * 18]!);
  const rowsCsv = join(dir, 'rows50.csv');
  writeFileSync(rowsCsv, `${[lines[0]!, ...picked].join('\n')}\n`);
  return { modelDir, recalibratedDir, rowsCsv, header, rows: picked.map((l) => l.split(',')) };
}

/** numpy.percentile (method 'linear') — the reference for the page's interval. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const virtual = (sorted.length - 1) * (q / 100);
  const lo = Math.floor(virtual);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (virtual - lo);
}
