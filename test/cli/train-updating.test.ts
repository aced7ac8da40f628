// clinreg train --update-sizes / --update-repeats: the leave-one-site-out updating experiment from the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, fixture, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-train-updating-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

interface Doc { updatingExperiment: { sizes: number[]; repeats: number; seed: number; rows: { site: string; m: number }[]; skipped: { site: string; m: number }[] } | null }

test('train --update-sizes 10,45 --update-repeats 2: results carry the experiment (50 patients a site: both m leave < 50 to evaluate on, skipped and listed); none turns it off; bad values exit 2 in one line', async () => {
  const common = ['train', fixture('train.csv'), ...ROLES, '--epochs', '3', '--mc', '2', '--seed', '2'];
  const [on, off, bad] = await Promise.all([
    runCliHosted([...common, '--update-sizes', '10,45', '--update-repeats', '2', '--out', join(dir, 'on')]),
    runCliHosted([...common, '--json', '--update-sizes', 'none', '--out', join(dir, 'off')]),
    runCliHosted([...common, '--update-sizes', '25,1', '--out', join(dir, 'bad')]),
  ]);
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /\nUpdating experiment: every site × m skipped \(fewer than 50 patients left to evaluate on\); see .*report\.html\.\n/);
  const u = (JSON.parse(readFileSync(join(dir, 'on', 'results.json'), 'utf8')) as Doc).updatingExperiment!;
  assert.deepEqual([u.sizes, u.repeats, u.seed], [[10, 45], 2, 2]);
  assert.equal(u.rows.length, 0);
  assert.deepEqual(u.skipped.map((s) => `${s.site} ${s.m}`), ['north 10', 'north 45', 'south 10', 'south 45', 'east 10', 'east 45', 'west 10', 'west 45']);
  assert.equal(off.code, 0, off.stderr);
  assert.equal((JSON.parse(off.stdout) as Doc).updatingExperiment, null);
  assert.ok(!off.stdout.includes('Updating experiment'));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^clinreg: option '--update-sizes <list>' argument '25,1' is invalid\. Expected comma-separated integers from 2/);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
});
