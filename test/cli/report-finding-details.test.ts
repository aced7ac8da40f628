// The HTML report shows each finding's details as a readable "key: value" list (numbers rounded,
// lists joined, every value escaped), not as a JSON document (new-user review, session 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-details-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('report.html: finding details as an escaped key: value list with rounded numbers', async () => {
  // The CGD trial with its outcome leak kept (etime1) and one hospital renamed to hostile markup.
  const text = readFileSync(join(REPO_ROOT, 'data/cgd/cgd.csv'), 'utf8').replaceAll(',NIH,', ',NIH<i>&,');
  const file = join(dir, 'cgd.csv');
  writeFileSync(file, text);
  const out = join(dir, 'run');
  const r = await runCli(['train', file, '--target', 'infection', '--site', 'center', '--id', 'id', '--allow-leaks', '--epochs', '2', '--mc', '2', '--update-sizes', 'none', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const page = readFileSync(join(out, 'report.html'), 'utf8');
  const lists = [...page.matchAll(/<details><summary>details<\/summary>(.*?)<\/details>/gs)].map((m) => m[1]!);
  assert.ok(lists.length >= 3, `finding details blocks: ${lists.length}`);
  for (const list of lists) {
    assert.match(list, /^<ul class="finding-details">(<li><code>[A-Za-z]+<\/code>: [^<]*<\/li>)+<\/ul>$/, list);
    assert.doesNotMatch(list, /&quot;|[{}]|<pre>/, 'no JSON');
    // Numbers rounded to 3 significant digits (or exponent form): no long decimal tails.
    assert.doesNotMatch(list, /\d\.\d{4,}/, list);
  }
  // The leak's details: AUC, counts and kind, one per line.
  assert.ok(lists.some((l) => l.includes('<li><code>auc</code>: 0</li><li><code>n</code>: 128</li><li><code>events</code>: 44</li><li><code>kind</code>: missingness</li>')), lists.join('\n'));
  // A confidence interval is joined; a list of records reads "(key: value, …); (…)".
  assert.ok(lists.some((l) => /<li><code>oeCi<\/code>: \d+(\.\d{1,3})?, \d+(\.\d{1,3})?<\/li>/.test(l)), 'oeCi joined');
  assert.ok(lists.some((l) => /<li><code>examples<\/code>: \(site: [^;]+, value: \d\); \(site: /.test(l)), 'examples as records');
  // The hostile site name is text inside the details too.
  assert.ok(lists.some((l) => l.includes('NIH&lt;i&gt;&amp;')), 'escaped site name in details');
  assert.ok(!page.includes('NIH<i>'), 'raw markup from data');
});
