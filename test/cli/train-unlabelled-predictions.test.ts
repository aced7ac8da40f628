// train on a file with rows that have no outcome: those rows stay out of training and of every
// metric, and predictions.csv scores them with the final model (what `clinreg predict` gives),
// after the labelled rows with `event` empty (new-user review, session 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, fixture, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-unlabelled-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** CSV text as rows of cells (the fixtures and outputs here have no quoted fields). */
const cells = (text: string): string[][] => text.trimEnd().split('\n').map((l) => l.split(','));

test('predictions.csv holds the unlabelled rows too, scored as predict scores them, used in no metric', async () => {
  // Every 10th record's outcome blank: 20 of 200 unlabelled (file rows 11, 21, …, 201).
  const lines = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const file = join(dir, 'unlabelled.csv');
  writeFileSync(file, `${lines.map((l, i) => (i > 0 && i % 10 === 0 ? l.replace(/[^,]*$/, '') : l)).join('\n')}\n`);
  const out = join(dir, 'run');
  const args = ['train', file, ...ROLES, '--id', 'patient', '--epochs', '3', '--mc', '2', '--update-sizes', 'none'];
  const [text, none] = await Promise.all([runCliHosted([...args, '--out', out]), runCliHosted([...args, '--no-predictions', '--out', join(dir, 'none')])]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /\npredictions\.csv also scores the 20 rows without an outcome with the final model \(last, 'event' empty; used in no metric\)\n$/);
  // Metrics count the 180 labelled rows only.
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { rows: number; labelledRows: number; sites: { n: number }[] };
  assert.deepEqual([doc.rows, doc.labelledRows, doc.sites.reduce((a, s) => a + s.n, 0)], [200, 180, 180]);

  const [head, ...body] = cells(readFileSync(join(out, 'predictions.csv'), 'utf8'));
  assert.deepEqual(head, ['patient', 'row', 'site', 'event', 'oof_probability', 'probability', 'sd']);
  assert.equal(body.length, 200);
  const labelled = body.slice(0, 180);
  const unlabelled = body.slice(180);
  assert.ok(labelled.every((c) => c[3] === '0' || c[3] === '1'));
  assert.deepEqual(unlabelled.map((c) => Number(c[1])), Array.from({ length: 20 }, (_, k) => 11 + 10 * k));
  for (const c of unlabelled) {
    assert.equal(c[3], '', 'event empty');
    assert.equal(c[4], '', 'no out-of-fold probability');
    assert.ok(Number(c[5]) > 0 && Number(c[5]) < 1 && Number(c[6]) >= 0, c.join(','));
    assert.equal(c[0], lines[Number(c[1]) - 1]!.split(',')[1], 'id of that file row');
  }
  // The same probabilities as `clinreg predict` with the saved model, for every row.
  const predicted = await runCliHosted(['predict', out, file]);
  assert.equal(predicted.code, 0, predicted.stderr);
  const byRow = new Map(cells(predicted.stdout).slice(1).map((c) => [c[1], c[2]]));
  for (const c of body) assert.equal(c[5], byRow.get(c[1]!), `row ${c[1]}`);

  // With --no-predictions the terminal says where to get them.
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stdout, /\n20 rows without an outcome were not scored \(--no-predictions\); score them with: clinreg predict \S+none\/model \S+unlabelled\.csv\n$/);
});
