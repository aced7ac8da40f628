// clinreg train on a small 4-site fixture: the --json run as a child process, the others in the
// file's CLI host (runCliHosted) (validate/predict: validate-predict.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, fixture, runCli, runCliHosted, type SiteJson } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-train-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('train --json: one document with sites, pooled, heterogeneity, model, findings; files written atomically', async () => {
  const out = join(dir, 'run');
  const r = await runCli(['train', fixture('train.csv'), ...ROLES, '--epochs', '15', '--out', out, '--json', '--fail-on', 'none']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress or notes off a TTY');
  const doc = JSON.parse(r.stdout) as { sites: SiteJson[]; pooled: { n: number }; heterogeneity: { auc: number } | null; model: string; report: string; findings: { code: string }[] };
  assert.deepEqual(doc.sites.map((s) => s.site), ['north', 'south', 'east', 'west']);
  for (const s of doc.sites) {
    assert.equal(s.n, 50);
    assert.equal(s.events + s.nonEvents, 50);
    assert.ok(s.auc !== null && s.auc > 0 && s.auc < 1);
    assert.ok(s.ci !== null && s.ci[0] <= s.auc && s.auc <= s.ci[1]);
  }
  assert.equal(doc.pooled.n, 200);
  assert.ok(doc.heterogeneity !== null);
  assert.equal(doc.model, join(out, 'model'));
  assert.deepEqual(readdirSync(out).sort(), ['model', 'predictions.csv', 'report.html', 'results.json'], 'no temporary files left');
  assert.deepEqual(readdirSync(dir).filter((e) => e.startsWith('.')), [], 'no staging directory left');
  assert.deepEqual(readdirSync(doc.model).sort(), ['model.json', 'model.safetensors']);
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), doc);
  const html = readFileSync(doc.report, 'utf8');
  const charts = (html.match(/<svg [^>]*role="img"/g) ?? []).length;
  assert.ok(charts >= 11, `${charts} charts: at least 2 heatmaps, 5 learning curves, ROC, forest, calibration, uncertainty`);
});

test('train: exit 0 with findings by default; --fail-on decides otherwise; text output has scheme, site table, findings and the output set', async () => {
  const [plain, info] = await Promise.all([
    runCliHosted(['train', fixture('train.csv'), ...ROLES, '--epochs', '5', '--mc', '2', '--out', join(dir, 'run-plain')]),
    runCliHosted(['train', fixture('train.csv'), ...ROLES, '--epochs', '5', '--mc', '2', '--out', join(dir, 'run-info'), '--fail-on', 'info']),
  ]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(info.code, 1, 'site-underpowered warnings reach --fail-on info');
  assert.equal(plain.stdout.replaceAll('run-plain', 'run-info'), info.stdout, 'same run, same text');
  assert.match(plain.stdout, /^test\/fixtures\/cli\/train\.csv: 200 rows, 200 with outcome \(\d+ events\), 3 features; validation: leave-one-site-out \(site column 'site'/);
  assert.match(plain.stdout, /\nsite {7}n {2}events {4}AUC {2}95% CI .*status\nnorth {5}50 /);
  assert.match(plain.stdout, /\nFindings \(/);
  assert.match(plain.stdout, /\noutput: .*run-plain\/ \(model\/, report\.html, results\.json, predictions\.csv\)\n$/);
});

test('train: a site with one class gets AUC null and status site-single-class, not an error; --features picks the inputs', async () => {
  const r = await runCliHosted(['train', fixture('train-one-class-site.csv'), ...ROLES, '--features', 'age,sbp', '--epochs', '5', '--out', join(dir, 'one'), '--json', '--fail-on', 'none']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { features: string[]; sites: SiteJson[]; findings: { code: string; site?: string }[] };
  assert.deepEqual(doc.features, ['age', 'sbp'], '--features names the only features');
  const east = doc.sites.find((s) => s.site === 'east')!;
  assert.deepEqual([east.auc, east.ci, east.status, east.nonEvents], [null, null, 'site-single-class', 0]);
  assert.ok(doc.findings.some((f) => f.code === 'site-single-class' && f.site === 'east'));
});

test('train --validation group-kfold groups by patient; --arch transformer trains and saves an FT-Transformer', async () => {
  const out = join(dir, 'gkf');
  const r = await runCliHosted(['train', fixture('train.csv'), ...ROLES, '--validation', 'group-kfold', '--arch', 'transformer', '--epochs', '4', '--mc', '3', '--out', out, '--json', '--fail-on', 'none']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { validation: string; arch: string; folds: { site: string; nTest: number }[]; pooled: { n: number } };
  assert.equal(doc.validation, 'group-kfold');
  assert.equal(doc.arch, 'transformer');
  assert.equal(doc.folds.length, 5);
  assert.equal(doc.folds.reduce((s, f) => s + f.nTest, 0), 200, 'every row tested once');
  const model = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as { architecture: { type: string } };
  assert.equal(model.architecture.type, 'TabularTransformer');
});

test('train --validation temporal without --time is one clear line and exit 2', async () => {
  const r = await runCliHosted(['train', fixture('train.csv'), ...ROLES, '--validation', 'temporal', '--out', join(dir, 't')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^clinreg: .*'temporal' validation needs a time column/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
