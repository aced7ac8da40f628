// The demo end to end (bundled heart data), as `npm start` runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from './run-cli.js';

test('demo --json: LOSO on the 4 hospitals, Switzerland flagged, report and model written', async () => {
  const out = mkdtempSync(join(tmpdir(), 'clinreg-demo-'));
  try {
    const r = await runCli(['demo', '--out', out, '--json'], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const doc = JSON.parse(r.stdout) as {
      rows: number;
      sites: { site: string; n: number; events: number; auc: number | null; status: string }[];
      heterogeneity: { predictionInterval: [number, number] | null } | null;
      findings: { code: string; site?: string; feature?: string }[];
      report: string;
    };
    assert.equal(doc.rows, 920);
    assert.deepEqual(
      doc.sites.map((s) => [s.site, s.n, s.events]),
      [['cleveland', 303, 139], ['hungarian', 294, 106], ['switzerland', 123, 115], ['va', 200, 149]],
    );
    const swiss = doc.sites.find((s) => s.site === 'switzerland')!;
    assert.ok(['site-underpowered', 'site-single-class'].includes(swiss.status), swiss.status);
    for (const s of doc.sites.filter((x) => x.site === 'cleveland' || x.site === 'hungarian')) assert.ok(s.auc! > 0.75, `${s.site} AUC ${s.auc}`);
    assert.ok(doc.heterogeneity?.predictionInterval !== null, 'prediction interval for a new hospital');
    assert.ok(doc.findings.some((f) => f.code === 'constant-at-site' && f.site === 'switzerland' && f.feature === 'chol'));
    assert.ok(doc.findings.some((f) => f.code === 'missingness-shift'));
    assert.deepEqual(readdirSync(out).sort(), ['model', 'report.html', 'results.json']);
    const html = readFileSync(doc.report, 'utf8');
    for (const id of ['data-summary', 'leakage', 'shift', 'recommendation', 'learning-curves', 'validation', 'calibration', 'uncertainty']) {
      assert.ok(html.includes(`<section id="${id}"`), id);
    }
    assert.ok(!html.includes('was not run for this report'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('Ctrl-C while outputs are being written: exit 130, no temporary or half-written file left', async () => {
  const out = mkdtempSync(join(tmpdir(), 'clinreg-sigint-'));
  const target = join(out, 'run');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', `${REPO_ROOT}src/cli/main.ts`, 'demo', '--out', target], { cwd: REPO_ROOT, stdio: 'ignore' });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // The output directory appears once training is done and the writing starts: interrupt then.
    while (!existsSync(target) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const code = await closed;
    assert.ok(code === 130 || code === 0, `exit ${code}`);
    const left = existsSync(target) ? readdirSync(target) : [];
    assert.deepEqual(left.filter((f) => f.startsWith('.') || f.endsWith('.tmp')), [], `temporary files left: ${left.join(', ')}`);
    if (left.includes('report.html')) assert.match(readFileSync(join(target, 'report.html'), 'utf8'), /<\/html>\n$/);
    if (left.includes('model')) assert.deepEqual(readdirSync(join(target, 'model')).sort(), ['model.json', 'model.safetensors']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
