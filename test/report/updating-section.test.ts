// report: the "Updating for a new site" section renders the leave-one-site-out updating experiment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, report, update } from '../../src/index.js';
import { HOSTILE, sampleInput } from './sample-input.js';

function site(name: string, n: number, shift: number, seed: number): update.SiteLogits {
  const g = new Generator(seed);
  const logits = Array.from({ length: n }, () => 1.5 * g.normal());
  const y = logits.map((z) => (g.random() < 1 / (1 + Math.exp(-(z + shift))) ? 1 : 0));
  return { site: name, logits, y };
}

const experiment = update.updatingExperiment([site('north', 300, 1, 1), site(HOSTILE, 90, 0, 2)], { sizes: [25, 50], repeats: 6, seed: 0 });

test('the section shows what was done, the reading at m = 50, one row per site × m as developed and per method, skipped m and escaped site names', async () => {
  const page = await report.renderHtmlReport({ ...sampleInput({ hostile: true }), updating: experiment });
  const start = page.indexOf('<section id="updating"');
  assert.ok(start > page.indexOf('<section id="validation"'), 'after the validation section');
  const section = page.slice(start, page.indexOf('</section>', start));
  assert.match(page, /<li><a href="#updating">Updating for a new site<\/a><\/li>/);
  assert.match(section, /drawn at random 6 times \(seed 0\)/);
  assert.match(section, /The table covers the recalibration levels/);
  const goal = experiment.goal!.methods.find((m) => m.method === 'intercept')!;
  assert.match(section, new RegExp(`met by intercept update at ${goal.met.length} of 1 site`));
  // 90 patients: m = 50 leaves 40 < 50 evaluation rows, so only m = 25 runs there.
  assert.match(section, /Skipped: <bdi>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/bdi>, m = 50 \(90 patients: m = 50 leaves 40 to evaluate on \(&lt; 50\)\)/);
  assert.ok(!section.includes(HOSTILE), 'the site name is escaped');
  const rows = section.match(/<tr><th scope="row">/g) ?? [];
  assert.equal(rows.length, 3 * 4 + 3, 'north at m = 25 and 50, the other site at m = 25: as developed + three methods each; then one prediction-set row each');
  const r = experiment.rows.find((x) => x.site === 'north' && x.m === 50 && x.method === 'intercept')!;
  const cell = `${r.after.oe.median!.toFixed(2)}<br><small>[${r.after.oe.iqr![0].toFixed(2)}, ${r.after.oe.iqr![1].toFixed(2)}]</small>`;
  assert.ok(section.includes(`<td class="num">${cell}</td>`), `O:E after intercept update: ${cell}`);
  assert.match(section, /intercept 6<\/td>/);
  assert.match(section, /Prediction sets calibrated on m local patients \(α = 0.1\)/);
  const c = experiment.conformal.find((x) => x.site === 'north' && x.m === 25)!;
  assert.ok(section.includes(`<td class="num">${c.coverage.median!.toFixed(3)}<br><small>`), 'coverage cell');
});

test('without the experiment the report has no updating section; the Markdown form carries the same table', async () => {
  const page = await report.renderHtmlReport(sampleInput());
  assert.ok(!page.includes('id="updating"'));
  const md = report.updatingMarkdown(experiment, 'title');
  assert.match(md, /^# title\n/);
  assert.equal(md.split('\n').filter((l) => l.startsWith('| north |')).length, 8 + 2, 'updating lines, then prediction-set lines');
  assert.match(md, /- Goal at m = 50 \(median \|CITL\| < 0.2 and median O:E within \[0.8, 1.25\] after updating\)/);
});
