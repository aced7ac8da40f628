// The demo end to end (bundled heart data), as `npm start` runs it: one screen, exit 0, the whole output set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoOnce } from './demo-once.js';

test('demo: LOSO on the 4 hospitals in one screen (≤ 40 lines), Switzerland flagged, exit 0, report/model/results/predictions written', async () => {
  const own = mkdtempSync(join(tmpdir(), 'clinreg-demo-'));
  try {
    // The run this test run's other demo readers share (test/cli/demo-once.ts), or this file's own in `own`.
    const { out, result: r } = await demoOnce(own);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress off a TTY');
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.length <= 40, `${lines.length} lines:\n${r.stdout}`);
    assert.match(r.stdout, /validation: leave-one-site-out \(site column 'site'/);
    assert.match(r.stdout, /\nsite +n +events +AUC +95% CI +O:E +slope +status\n/);
    assert.match(r.stdout, /\nFindings \(\d+ critical, \d+ warning(, \d+ info)?\):\n/);
    assert.match(r.stdout, /constant-at-site \[switzerland · chol\]/);
    const findingLines = lines.filter((l) => /^ {2}(CRITICAL|WARNING|INFO) /.test(l));
    assert.ok(findingLines.length <= 8, `at most 8 finding lines, got ${findingLines.length}`);
    assert.ok(new Set(findingLines.map((l) => l.split(/\s+/).slice(1, 3).join(' '))).size === findingLines.length, 'one line per severity and code');
    assert.match(r.stdout, new RegExp(`\\noutput: ${out}/ \\(model/, report\\.html, results\\.json, predictions\\.csv\\)\\n`));

    assert.deepEqual(readdirSync(join(out, '..')), ['demo'], 'no staging directory left beside --out');
    assert.deepEqual(readdirSync(out).sort(), ['model', 'predictions.csv', 'report.html', 'results.json']);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      rows: number;
      validation: string;
      sites: { site: string; n: number; events: number; auc: number | null; status: string; oe?: number; slope?: number }[];
      heterogeneity: { predictionInterval: [number, number] | null } | null;
      findings: { code: string; site?: string; feature?: string }[];
      report: string;
    };
    assert.equal(doc.rows, 920);
    assert.equal(doc.validation, 'leave-one-site-out');
    assert.deepEqual(
      doc.sites.map((s) => [s.site, s.n, s.events]),
      [['cleveland', 303, 139], ['hungarian', 294, 106], ['switzerland', 123, 115], ['va', 200, 149]],
    );
    for (const s of doc.sites.filter((x) => x.site === 'cleveland' || x.site === 'hungarian')) assert.ok(s.auc! > 0.75, `${s.site} AUC ${s.auc}`);
    assert.ok(doc.heterogeneity?.predictionInterval !== null, 'prediction interval for a new hospital');
    assert.ok(doc.findings.some((f) => f.code === 'constant-at-site' && f.site === 'switzerland' && f.feature === 'chol'));
    assert.ok(doc.findings.some((f) => f.code === 'missingness-shift'));
    const html = readFileSync(doc.report, 'utf8');
    for (const id of ['data-summary', 'leakage', 'shift', 'recommendation', 'learning-curves', 'validation', 'calibration', 'uncertainty']) {
      assert.ok(html.includes(`<section id="${id}"`), id);
    }
    const predictions = readFileSync(join(out, 'predictions.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(predictions[0], 'row,site,event,oof_probability,probability,sd');
    assert.equal(predictions.length, 921);
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});
