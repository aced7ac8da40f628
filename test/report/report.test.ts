import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from '../../src/index.js';
import { HOSTILE, SAMPLE_CHART_COUNT, sampleInput } from './sample-input.js';

const SECTIONS: [string, string][] = [
  ['at-a-glance', 'At a glance'],
  ['data-summary', 'Data summary'],
  ['leakage', 'Leakage findings'],
  ['shift', 'Domain shift across sites'],
  ['recommendation', 'Recommended configuration'],
  ['learning-curves', 'Learning curves'],
  ['validation', 'Validation by site'],
  ['calibration', 'Calibration'],
  ['uncertainty', 'MC-dropout uncertainty'],
];
const CHART_IDS = [
  'chart-shift', 'chart-missingness', 'chart-learning-1', 'chart-roc', 'chart-forest', 'chart-forest-oe', 'chart-forest-slope',
  'chart-calibration-sites', 'chart-decision', 'chart-calibration', 'chart-uncertainty',
];

const page = await report.renderHtmlReport(sampleInput({ hostile: true }));

test('one self-contained document: no script, no external URL, CSP forbids both', () => {
  assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.ok(!/<script/i.test(page), 'no <script> element at all');
  assert.ok(!/\s(?:src|href|xlink:href|action|poster|srcset)\s*=\s*["']?\s*(?:https?:)?\/\//i.test(page), 'no external src/href');
  assert.ok(!/url\(\s*["']?(?:https?:)?\/\//i.test(page), 'no external CSS url()');
  assert.ok(!/<(?:link|iframe|object|embed|img|base)\b/i.test(page), 'no element that could fetch');
  assert.ok(!/@import|@font-face/i.test(page), 'no web fonts or imported CSS');
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;;/);
  assert.equal((page.match(/<style>/g) ?? []).length, 1);
});

test('every section is present, in order, with a heading tied to it', () => {
  let last = -1;
  for (const [id, title] of SECTIONS) {
    const at = page.indexOf(`<section id="${id}" aria-labelledby="${id}-heading">\n<h2 id="${id}-heading">${title}</h2>`);
    assert.ok(at > last, `section ${id} missing or out of order`);
    last = at;
    assert.ok(page.includes(`<a href="#${id}">${title}</a>`), `contents link to ${id}`);
  }
  assert.equal((page.match(/<h1>/g) ?? []).length, 1);
  assert.ok(!page.includes('was not run for this report'), 'a full input leaves no section empty');
});

test('every chart is an inline SVG with role=img, a title and a description, inside a figure', () => {
  assert.equal((page.match(/<svg [^>]*role="img"/g) ?? []).length, SAMPLE_CHART_COUNT);
  for (const id of CHART_IDS) {
    assert.match(page, new RegExp(`<figure><svg [^>]*aria-labelledby="${id}-title ${id}-desc"`), id);
    assert.ok(page.includes(`<title id="${id}-title">`), id);
    assert.ok(page.includes(`<desc id="${id}-desc">`), id);
  }
  const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(new Set(ids).size, ids.length, 'element ids are unique across the page');
});

test('every table has a caption and column headers', () => {
  const tables = page.match(/<table>[\s\S]*?<\/table>/g) ?? [];
  assert.ok(tables.length >= 7);
  for (const t of tables) {
    assert.match(t, /^<table>\n<caption>[^<]+/);
    assert.match(t, /<th scope="col"/);
  }
});

test('data-derived strings are escaped everywhere (column, site, finding, reason)', () => {
  assert.ok(!page.includes(HOSTILE), 'raw hostile string present');
  const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
  assert.ok(page.includes(`<th scope="row"><bdi>${escaped}</bdi></th>`), 'column name as text');
  assert.ok(page.includes(`<th scope="row"><bdi>va ${escaped}</bdi></th>`), 'site name as text');
  assert.ok(page.includes(`Feature &#39;${escaped}&#39; predicts the target`), 'finding message as text');
  assert.ok(page.includes(`AdamW decoupled decay; ${escaped} is text here.`), 'recommendation reason as text');
});

test('findings are shown most severe first with their code and a severity word', () => {
  const leak = page.slice(page.indexOf('<section id="leakage"'), page.indexOf('<section id="shift"'));
  assert.match(leak, /<caption>Leakage findings \(1 critical, 1 warning\)<\/caption>/);
  assert.ok(leak.indexOf('target-proxy') < leak.indexOf('duplicate-rows'));
  assert.match(leak, /<span class="sev sev-critical">critical<\/span>/);
  assert.match(leak, /<details><summary>details<\/summary><ul class="finding-details"><li><code>auc<\/code>: 0\.99<\/li><\/ul><\/details>/);
});

test('validation section: per-site table with CI, undefined AUC as a dash, pooled and prediction interval', () => {
  const val = page.slice(page.indexOf('<section id="validation"'), page.indexOf('<section id="calibration"'));
  assert.match(val, /<th scope="row"><bdi>cleveland<\/bdi><\/th><td class="num">303<\/td><td class="num">139<\/td><td class="num">164<\/td><td class="num">0\.860<\/td><td class="num">\[0\.810, 0\.900\]<\/td>/);
  assert.match(val, /<th scope="row"><bdi>switzerland<\/bdi><\/th>.*<td class="num">–<\/td><td class="num">–<\/td><td><span class="status-single-class">single-class<\/span>/);
  assert.match(val, /Pooled AUC \(random effects\) <strong>0\.810<\/strong> \[0\.740, 0\.870\]; 95 % prediction interval for a new hospital <strong>\[0\.550, 0\.940\]<\/strong>; heterogeneity I² = 62 %, τ² = 0\.0120\./);
});

test('minimal input: absent sections say "not run" and no chart is drawn', async () => {
  const minimal = await report.renderHtmlReport({
    summary: { source: 'x.csv', nRows: 3, target: 'y', columns: [{ name: 'a', role: 'feature', kind: 'numeric', missing: 1 }], sites: [] },
    leakage: [],
  });
  assert.ok(minimal.includes('No leakage findings'));
  for (const what of ['The shift diagnosis', 'The recommender', 'Training', 'Site-by-site validation', 'Calibration', 'MC-dropout prediction']) {
    assert.ok(minimal.includes(`${what} was not run for this report.`), what);
  }
  assert.ok(!minimal.includes('<svg'));
  assert.match(minimal, /<title>clinreg report<\/title>/);
});

test('a summary without columns (a meta-analysis of site summaries) prints no "features 0" and no empty columns table (QA)', async () => {
  const summary = { source: 'a.summary.json, b.summary.json', nRows: 323, target: 'num', sites: [{ site: 'va', n: 200, events: 149, nonEvents: 51 }] };
  const [none, some] = await Promise.all([
    report.renderHtmlReport({ summary: { ...summary, columns: [] } }),
    report.renderHtmlReport({ summary: { ...summary, columns: [{ name: 'age', role: 'feature', kind: 'numeric', missing: 0 }] } }),
  ]);
  assert.doesNotMatch(none, /<dt>features<\/dt>/);
  assert.doesNotMatch(none, /Columns: role, type and missing values/);
  assert.match(none, /Patients and events by site/);
  assert.match(some, /<dt>features<\/dt><dd>1<\/dd>/);
  assert.match(some, /Columns: role, type and missing values/);
});

test('rendering is deterministic for the same input', async () => {
  assert.equal(await report.renderHtmlReport(sampleInput({ hostile: true })), page);
});

test('writeReport writes the page atomically and leaves no temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-report-'));
  try {
    const file = join(dir, 'report.html');
    const bytes = await report.writeReport(file, sampleInput());
    assert.equal(readFileSync(file).length, bytes);
    assert.deepEqual(readdirSync(dir), ['report.html']);
    // a failing render (inconsistent data) must not replace or create anything
    const bad = sampleInput();
    bad.learningCurves = [{ label: 'x', trainLoss: [1], valLoss: [1], bestEpoch: 5 }];
    await assert.rejects(report.writeReport(join(dir, 'bad.html'), bad), (e: unknown) => e instanceof Error && /bestEpoch/.test(e.message));
    assert.deepEqual(readdirSync(dir), ['report.html']);
    await assert.rejects(report.writeReport(join(dir, 'missing-dir', 'r.html'), sampleInput()), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('at a glance: per-site AUC, O:E, slope, net benefit at the threshold and status, then the random-effects summaries with the k < 5 caution', () => {
  const glance = page.slice(page.indexOf('<section id="at-a-glance"'), page.indexOf('<section id="data-summary"'));
  assert.match(glance, /net benefit at 0\.20/);
  assert.match(glance, /1\.42 <small>\[1\.30, 1\.56\]<\/small>/, 'O:E of va with its CI');
  assert.match(glance, /site-miscalibrated/);
  assert.match(glance, /REML \+ knha/);
  assert.match(glance, /Caution: only 3 sites/);
  assert.ok(glance.indexOf('cleveland') < glance.indexOf('hungarian'));
});

test('a validation without calibration fields has no at-a-glance section and no calibration charts', async () => {
  const input = sampleInput();
  const v = input.validation!;
  const plain = await report.renderHtmlReport({
    ...input,
    validation: { scheme: v.scheme, sites: v.sites.map((s) => ({ site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents, auc: s.auc, ci: s.ci, status: s.status })), roc: v.roc, findings: v.findings },
  });
  assert.ok(!plain.includes('id="at-a-glance"'));
  assert.ok(!plain.includes('chart-forest-oe'));
  assert.equal((plain.match(/<svg [^>]*role="img"/g) ?? []).length, 7);
});
