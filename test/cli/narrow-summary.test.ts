// A random-effects AUC summary whose Hartung–Knapp interval is narrower than the normal one says so
// under the site table (QA, session 3: CGD validated at 8 small hospitals printed 95% CI 0.40–0.51
// from three sites of 6–9 patients whose own CIs spanned 0–1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-narrow-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

interface Summary { measure: string; ci: [number, number]; warning: string | null }

test('validate on CGD hospitals: the Hartung–Knapp note appears exactly when its AUC interval is narrower than the normal one', async () => {
  const [header, ...rows] = readFileSync(join(REPO_ROOT, 'data/cgd/cgd.csv'), 'utf8').trimEnd().split('\n');
  const dev = /,(NIH|Amsterdam|Scripps_Institute|Univ\._of_Zurich|L\.A\._Children's_Hosp),/;
  writeFileSync(join(dir, 'dev.csv'), `${[header, ...rows.filter((r) => dev.test(r))].join('\n')}\n`);
  writeFileSync(join(dir, 'val.csv'), `${[header, ...rows.filter((r) => !dev.test(r))].join('\n')}\n`);
  const t = await runCliHosted(['train', join(dir, 'dev.csv'), '--target', 'infection', '--site', 'center', '--exclude', 'etime1', '--id', 'id', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'run'), '--json']);
  assert.equal(t.code, 0, t.stderr);
  const args = ['validate', join(dir, 'run', 'model'), join(dir, 'val.csv'), '--site', 'center'];
  const [human, knha, z, humanZ] = await Promise.all([runCliHosted(args), runCliHosted([...args, '--json']), runCliHosted([...args, '--json', '--meta-ci', 'z']), runCliHosted([...args, '--meta-ci', 'z'])]);
  for (const r of [human, knha, z, humanZ]) assert.equal(r.code, 0, r.stderr);
  const auc = (r: { stdout: string }): Summary => (JSON.parse(r.stdout) as { summaries: Summary[] }).summaries.find((s) => s.measure === 'auc')!;
  const width = (s: Summary): number => s.ci[1] - s.ci[0];
  const narrower = width(auc(knha)) < width(auc(z));
  assert.ok(narrower, `with these seeds the Hartung–Knapp AUC interval is the narrower: ${auc(knha).ci} vs ${auc(z).ci}`);
  const note = /\nnote: The Hartung–Knapp interval is narrower than the normal one \(factor s² \d\.\d\d\): .*--meta-ci z\)\.\n/;
  assert.match(human.stdout, note);
  assert.match(auc(knha).warning!, /The Hartung–Knapp interval is narrower/);
  assert.doesNotMatch(humanZ.stdout, /Hartung–Knapp/);
  assert.doesNotMatch(auc(z).warning ?? '', /Hartung–Knapp/);
});
