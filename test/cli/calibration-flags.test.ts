// --thresholds, --meta-method and --meta-ci on train, validate and meta (issue #15): each flag
// changes results.json / the --json document as documented in docs/cli.md; bad values are exit 2
// with one line naming the flag; the terminal cautions under the cross-site table when fewer than
// 5 sites are pooled (the heart data has 4); a model whose intercept is shifted on purpose is
// flagged site-miscalibrated at every hospital and overall, in the terminal and in --json.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDataError, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-calflags-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
// even rows train the model, odd rows are the external data (validate refuses rows it was trained on)
const TRAIN = join(dir, 'heart-train.csv');
const HEART = join(dir, 'heart-test.csv');
const ROLES = ['--target', 'num', '--positive', '>0', '--site', 'site'];
const FAST = ['--epochs', '3', '--mc', '2', '--update-sizes', 'none', '--json', '--fail-on', 'none'];

interface Summary {
  measure: string;
  method: string;
  test: string;
  k: number;
  estimate: number;
  ci: [number, number];
  predictionInterval: [number, number];
  warning: string | null;
}
interface Doc {
  sites: { site: string; netBenefit: { threshold: number }[] }[];
  summaries: Summary[];
}
const results = (out: string): Doc => JSON.parse(readFileSync(join(dir, out, 'results.json'), 'utf8')) as Doc;

before(async () => {
  const [header, ...lines] = readFileSync('data/heart-disease/heart_disease_4sites.csv', 'utf8').trimEnd().split('\n');
  writeFileSync(TRAIN, [header, ...lines.filter((_, i) => i % 2 === 0)].join('\n') + '\n');
  writeFileSync(HEART, [header, ...lines.filter((_, i) => i % 2 === 1)].join('\n') + '\n');
  const runs = await Promise.all([
    runCliHosted(['train', TRAIN, ...ROLES, ...FAST, '--out', join(dir, 'default')]),
    runCliHosted(['train', TRAIN, ...ROLES, ...FAST, '--thresholds', '0.1:0.3:0.1', '--meta-method', 'dl', '--meta-ci', 'z', '--out', join(dir, 'dl')]),
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
});

test('train: --thresholds sets the decision-curve grid and --meta-method/--meta-ci the random-effects summaries in results.json', () => {
  const def = results('default');
  const dl = results('dl');
  assert.ok(def.summaries.length === 4 && def.summaries.every((s) => s.method === 'REML' && s.test === 'knha'));
  assert.ok(dl.summaries.length === 4 && dl.summaries.every((s) => s.method === 'DL' && s.test === 'z'));
  assert.equal(def.sites[0]!.netBenefit.length, 46); // default 0.05–0.50 step 0.01
  for (const s of dl.sites) assert.deepEqual(s.netBenefit.map((p) => p.threshold), [0.1, 0.2, 0.3]);
  // same seed and folds: the per-site inputs agree, the pooled intervals do not (t vs z, REML vs DL τ²)
  const auc = (d: Doc): Summary => d.summaries.find((s) => s.measure === 'auc')!;
  assert.notDeepEqual(auc(def).ci, auc(dl).ci);
});

test('validate: the flags change the --json document; the terminal cautions under the table with 4 sites', async () => {
  const model = join(dir, 'default', 'model');
  const [def, dl, human] = await Promise.all([
    runCliHosted(['validate', model, HEART, '--target', 'num', '--site', 'site', '--json']),
    runCliHosted(['validate', model, HEART, '--target', 'num', '--site', 'site', '--json', '--meta-method', 'dl', '--meta-ci', 'z', '--thresholds', '0.05,0.25']),
    runCliHosted(['validate', model, HEART, '--target', 'num', '--site', 'site']),
  ]);
  for (const r of [def, dl, human]) assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(def.stdout) as Doc;
  const b = JSON.parse(dl.stdout) as Doc;
  assert.ok(a.summaries.every((s) => s.method === 'REML' && s.test === 'knha'));
  assert.ok(b.summaries.every((s) => s.method === 'DL' && s.test === 'z'));
  assert.deepEqual(b.sites[0]!.netBenefit.map((p) => p.threshold), [0.05, 0.25]);
  assert.ok(a.summaries.every((s) => s.k === 4 && s.warning !== null));
  const lines = human.stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('summary AUC (random effects)'));
  assert.ok(at > 0, human.stdout);
  assert.match(lines[at + 1]!, /^note: only 4 sites pooled: .*unreliable with fewer than 5 \(van Leeuwen et al\. 2025\)\.$/);
});

test('meta: --meta-method dl --meta-ci z pools the summaries with DerSimonian–Laird and normal intervals; validate --summary-only keeps --thresholds', async () => {
  const model = join(dir, 'default', 'model');
  const summary = join(dir, 'heart.summary.json');
  const site = await runCliHosted(['validate', model, HEART, '--target', 'num', '--site', 'site', '--summary-only', '--thresholds', '0.1,0.2', '--out', summary]);
  assert.equal(site.code, 0, site.stderr);
  const file = JSON.parse(readFileSync(summary, 'utf8')) as { thresholds: number[] };
  assert.deepEqual(file.thresholds, [0.1, 0.2]);
  const [def, dl] = await Promise.all([runCliHosted(['meta', summary, '--json']), runCliHosted(['meta', summary, '--json', '--meta-method', 'dl', '--meta-ci', 'z'])]);
  for (const r of [def, dl]) assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(def.stdout) as Doc;
  const b = JSON.parse(dl.stdout) as Doc;
  assert.ok(a.summaries.length > 0 && a.summaries.every((s) => s.method === 'REML' && s.test === 'knha'));
  assert.ok(b.summaries.length > 0 && b.summaries.every((s) => s.method === 'DL' && s.test === 'z'));
  assert.notDeepEqual(a.summaries[0]!.ci, b.summaries[0]!.ci);
});

test('bad --thresholds, --meta-method or --meta-ci: exit 2 and one line naming the flag', async () => {
  const model = join(dir, 'default', 'model');
  const base = ['validate', model, HEART, '--target', 'num'];
  const runs = await Promise.all([
    runCliHosted([...base, '--thresholds', '0.5:0.1:0.1']),
    runCliHosted([...base, '--thresholds', '0,0.2']),
    runCliHosted([...base, '--thresholds', '0.1:0.5']),
    runCliHosted([...base, '--meta-method', 'pm']),
    runCliHosted(['meta', 'none.json', '--meta-ci', 't']),
    runCliHosted(['train', TRAIN, ...ROLES, '--thresholds', 'x']),
  ]);
  assertDataError(runs[0]!, /'--thresholds <grid>' argument '0\.5:0\.1:0\.1' is invalid\..*stop is below start/);
  assertDataError(runs[1]!, /'--thresholds <grid>'.*0 is outside \(0, 1\)/);
  assertDataError(runs[2]!, /'--thresholds <grid>'.*a range has three parts/);
  assertDataError(runs[3]!, /'--meta-method <method>' argument 'pm' is invalid\. Allowed choices are reml, dl\./);
  assertDataError(runs[4]!, /'--meta-ci <interval>' argument 't' is invalid\. Allowed choices are hksj, z\./);
  assertDataError(runs[5]!, /'--thresholds <grid>' argument 'x' is invalid/);
});

test('validate: a model with its intercept shifted by −2 (model.json recalibration) is flagged at every site and overall', async () => {
  const shifted = join(dir, 'shifted');
  cpSync(join(dir, 'default', 'model'), shifted, { recursive: true });
  const modelJson = JSON.parse(readFileSync(join(shifted, 'model.json'), 'utf8')) as Record<string, unknown>;
  modelJson['recalibration'] = { method: 'logistic', intercept: -2, slope: 1, fittedOn: { n: 0, events: 0, source: 'shifted on purpose' } };
  writeFileSync(join(shifted, 'model.json'), JSON.stringify(modelJson));
  const [json, human] = await Promise.all([
    runCliHosted(['validate', shifted, HEART, '--target', 'num', '--site', 'site', '--json']),
    runCliHosted(['validate', shifted, HEART, '--target', 'num', '--site', 'site']),
  ]);
  for (const r of [json, human]) assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(json.stdout) as { sites: { site: string; oe: number }[]; findings: { code: string; severity: string; site?: string }[] };
  const flagged = doc.findings.filter((f) => f.code === 'site-miscalibrated');
  for (const s of doc.sites) {
    assert.ok(s.oe > 1.5, `${s.site}: O:E ${s.oe}`);
    assert.ok(flagged.some((f) => f.site === s.site && f.severity === 'critical'), `${s.site} not flagged`);
  }
  assert.ok(flagged.some((f) => f.site === undefined), 'the pooled (random-effects) finding');
  // the grouped terminal line names the pooled finding instead of dropping it
  assert.match(human.stdout, /CRITICAL site-miscalibrated ×5: cleveland, hungarian, switzerland, va, overall\n/);
  assert.match(human.stdout, /^cleveland +\d+ +\d+ +[\d.]+ +[\d.–]+ +[1-9]\.\d\d /m);
});
