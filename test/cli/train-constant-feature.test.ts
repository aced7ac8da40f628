// A feature with one value in every training row: train warns once on stderr naming the columns,
// their value and the --exclude fix, and trains (the scaler's sd 0 maps it to 0, no NaN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, fixture, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-constant-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('constant features: one warning line naming them, the model still trains and predicts', async () => {
  // train.csv plus: 'dose' always 5, 'ward' always 'icu', 'scan' 7 or missing; every 10th record
  // unlabelled with other values (the warning is about the training rows: the labelled ones).
  const lines = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const file = join(dir, 'constant.csv');
  const rows = lines.map((l, i) => {
    if (i === 0) return `${l},dose,ward,scan`;
    if (i % 10 === 0) return `${l.replace(/[^,]*$/, '')},9,ward2,8`;
    return `${l},5,icu,${i % 3 === 0 ? '7' : ''}`;
  });
  writeFileSync(file, `${rows.join('\n')}\n`);
  const args = ['train', file, ...ROLES, '--epochs', '3', '--mc', '2', '--update-sizes', 'none'];
  const [text, json] = await Promise.all([runCliHosted([...args, '--out', join(dir, 'run')]), runCliHosted([...args, '--out', join(dir, 'json'), '--json'])]);
  for (const r of [text, json]) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      "warning: 3 features have a single value across the 180 training rows and cannot inform the model: 'dose' (always 5), 'ward' (always 'icu'), " +
        "'scan' (always 7 where present; missing in 120 rows, all it can tell the model). Fix: --exclude dose,ward,scan, or check that the file is the full export.\n",
    );
  }
  const doc = JSON.parse(json.stdout) as { features: string[]; sites: { auc: number | null }[] };
  assert.ok(['dose', 'ward', 'scan'].every((f) => doc.features.includes(f)), 'kept as features');
  assert.ok(doc.sites.every((s) => s.auc !== null && Number.isFinite(s.auc)), JSON.stringify(doc.sites));
  const predictions = readFileSync(join(dir, 'run', 'predictions.csv'), 'utf8').trimEnd().split('\n').slice(1);
  assert.equal(predictions.length, 200);
  assert.ok(predictions.every((l) => /,0\.\d+,\d[\d.e-]*$/.test(l)), 'finite probability and sd on every row');
  // Leaving them out silences the warning.
  const excluded = await runCliHosted([...args, '--exclude', 'dose,ward,scan', '--out', join(dir, 'excluded')]);
  assert.equal(excluded.code, 0, excluded.stderr);
  assert.equal(excluded.stderr, '');
});
