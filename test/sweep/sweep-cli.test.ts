import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliHosted } from '../cli/run-cli.js';

const HEART = ['data/heart-disease/heart_disease_4sites.csv', '--target', 'num', '--positive', '>0', '--site', 'site'];

test('clinreg sweep: side-by-side table on stdout, results.json and report.html in --out; --json equals results.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-sweep-cli-'));
  try {
    const out = join(dir, 'sweep');
    const args = ['sweep', ...HEART, '--grid', 'dropout=0.1,0.5', 'epochs=3', '--threads', '0'];
    const r = await runCli([...args, '--out', out], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /configuration\s+log loss\s+pooled AUC\s+O:E\s+slope/);
    assert.match(r.stdout, /AUC by site\s+cleveland\s+hungarian\s+switzerland\s+va/);
    assert.match(r.stdout, /\* chosen: dropout=0\.(1|5) epochs=3 — lowest out-of-fold log loss/);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { configurations: { label: string; logLoss: number; sites: { site: string }[] }[]; chosen: { index: number }; scheme: string; data: { sha256: string }; findings: { code: string }[] };
    assert.equal(doc.scheme, 'leave-one-site-out');
    assert.deepEqual(doc.configurations.map((c) => c.label), ['dropout=0.1 epochs=3', 'dropout=0.5 epochs=3']);
    assert.equal(doc.configurations[0]!.sites.length, 4);
    const best = doc.configurations.reduce((a, c, i) => (c.logLoss < doc.configurations[a]!.logLoss ? i : a), 0);
    assert.equal(doc.chosen.index, best);
    assert.match(doc.data.sha256, /^[0-9a-f]{64}$/);
    assert.ok(Array.isArray(doc.findings) && doc.findings.every((f) => typeof f.code === 'string'));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(html.includes('dropout=0.5 epochs=3') && html.includes('lowest out-of-fold log loss'));
    const j = await runCliHosted([...args, '--json', '--out', out]); // a rerun replaces the set
    assert.equal(j.code, 0, j.stderr);
    assert.deepEqual(JSON.parse(j.stdout), JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    assert.deepEqual(JSON.parse(j.stdout), doc); // same seed, same numbers
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('clinreg sweep: bad grid syntax or an unreachable Redis is exit 2 and one line naming the flag; no output written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-sweep-cli-'));
  try {
    const out = join(dir, 'sweep');
    for (const [grid, flag] of [[['dropout:0.1'], '--grid'], [['dropuot=0.1'], '--grid'], [['dropout=2'], '--grid']] as const) {
      const r = await runCliHosted(['sweep', ...HEART, '--grid', ...grid, '--out', out]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.ok(r.stderr.startsWith(`clinreg: ${flag}: `), r.stderr);
      assert.equal(existsSync(out), false);
    }
    const r = await runCliHosted(['sweep', ...HEART, '--grid', 'dropout=0.1', '--redis', 'redis://127.0.0.1:1', '--out', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.trim(), /^clinreg: --redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \([^)]*\)\. Fix: /);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    const w = await runCliHosted(['worker', '--redis', 'http://x']);
    assert.equal(w.code, 2);
    assert.match(w.stderr.trim(), /^clinreg: --redis: expected a URL redis:\/\/HOST:PORT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('clinreg sweep refuses leaking columns as train does (exit 2, one line naming --exclude)', async () => {
  const r = await runCliHosted(['sweep', 'data/breast-cancer/gbsg.csv', '--target', 'event5', '--grid', 'dropout=0.1']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^clinreg: sweep: data\/breast-cancer\/gbsg\.csv: refusing to sweep on columns .*'rfstime' \(target-proxy\)\. Fix: --id pid \(a row identifier: .*\) and --exclude rfstime \(or --allow-leaks to sweep anyway\)\.\n$/);
});
