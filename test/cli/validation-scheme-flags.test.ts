// `--validation SCHEME` without the column flag it needs: one line in flags, before the file is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDataError, runCliHosted } from './run-cli.js';

test('--validation without its column flag: exit 2, one line naming the scheme and the flag to add', async () => {
  const cgd = ['data/cgd/cgd.csv', '--target', 'infection', '--exclude', 'etime1,id'];
  const [temporal, loso, grouped, split, missingFile] = await Promise.all([
    runCliHosted(['train', ...cgd, '--site', 'center', '--validation', 'temporal', '--out', 'never-written']),
    runCliHosted(['train', ...cgd, '--validation', 'leave-one-site-out', '--out', 'never-written']),
    runCliHosted(['sweep', ...cgd, '--validation', 'group-kfold', '--grid', 'dropout=0.1']),
    runCliHosted(['train', ...cgd, '--validation', 'split', '--out', 'never-written']),
    // Checked before the file is read: a missing file is not what is reported.
    runCliHosted(['train', 'no/such.csv', '--target', 'y', '--validation', 'temporal', '--out', 'never-written']),
  ]);
  const tail = ', or leave --validation out to have the scheme chosen from the columns given\\.$';
  assertDataError(temporal, new RegExp(`^clinreg: train: 'temporal' validation needs a time column \\(--validation temporal\\)\\. Fix: add --time COL \\(the date column\\)${tail}`, 'm'));
  assertDataError(loso, new RegExp(`^clinreg: train: 'leave-one-site-out' validation needs a site column \\(--validation leave-one-site-out\\)\\. Fix: add --site COL \\(the hospital column\\)${tail}`, 'm'));
  assertDataError(grouped, new RegExp(`^clinreg: sweep: 'group-kfold' validation needs a patient or site column to group by \\(--validation group-kfold\\)\\. Fix: add --patient COL or --site COL${tail}`, 'm'));
  assertDataError(split, /^clinreg: train: 'split' validation needs a split column \(--validation split\)\. Fix: add --split COL \(a column of 'train'\/'test'\)/);
  assertDataError(missingFile, /'temporal' validation needs a time column/);
  assert.doesNotMatch(temporal.stderr + loso.stderr + grouped.stderr, /developModel|planSweep|schema/);
});
