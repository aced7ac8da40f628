// Text from data is safe where people read it (issue #19 item 5): terminal lines escape C0, C1,
// ESC, CR, NUL and bidi controls and cut echoed cells; the report removes bidi overrides and NUL
// and isolates data-derived names in <bdi>.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DataError, data, report } from '../../src/index.js';

const HOSTILE = ['\x1b[2J\x1b[H', '\x1b]0;pwned\x07', '\r', '\x00', '\x9b31m', '\u202e', '\u2066', '\u200f', '\u2028', '\x7f', '\x85'];
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

test('safeText escapes every control and bidi character visibly', () => {
  assert.equal(data.safeText('a\x1b[2Jb'), 'a\\x1b[2Jb');
  assert.equal(data.safeText('x\ry'), 'x\\x0dy');
  assert.equal(data.safeText('\u202eevil'), '\\u202eevil');
  assert.equal(data.safeText('a\nb\tc', { keepLines: true }), 'a\nb\tc');
  assert.equal(data.safeText('a\nb'), 'a\\x0ab');
  for (const h of HOSTILE) assert.doesNotMatch(data.safeText(`n${h}n`), UNSAFE, JSON.stringify(h));
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !UNSAFE.test(data.safeText(s))));
});

test('excerpt cuts a 50 MB cell to a short, safe excerpt in O(max)', () => {
  const big = `\x1b[31m${'x'.repeat(50 * 1024 * 1024)}`;
  const e = data.excerpt(big);
  assert.ok(e.length < 120, e);
  assert.match(e, /^\\x1b\[31mx+… \(52428805 characters\)$/);
  // A surrogate pair is never split.
  const emoji = `${'a'.repeat(59)}😀tail`;
  assert.equal(data.excerpt(emoji), `${'a'.repeat(59)}… (${emoji.length} characters)`);
});

test('a cell that is a hostile 1 MB string is echoed as a short excerpt by the CSV reader', () => {
  const cell = `\x1b[2J${'z'.repeat(1_000_000)}`;
  const csv = `a,b\n${Array.from({ length: 40 }, (_, i) => `${i},1`).join('\n')}\n${cell},1\n`;
  assert.throws(() => data.parseCsv(csv, { source: 'h.csv' }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.ok(e.message.length < 400, `message of ${e.message.length} characters`);
    assert.doesNotMatch(e.message, UNSAFE);
    return true;
  });
});

test('report escaping removes NUL and bidi controls; bdi isolates names', () => {
  assert.equal(report.escapeHtml('a\u202eb\u2066c\x00d<'), 'abcd&lt;');
  assert.equal(report.escapeHtml('line\nnext\ttab'), 'line\nnext\ttab');
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
    const out = report.escapeHtml(s);
    // eslint-disable-next-line no-control-regex
    return !/[\u0000\u202a-\u202e\u2066-\u2069<>"']/.test(out);
  }));
});

test('chart SVG carries no bidi override, isolate or NUL from data-derived labels; Object.prototype names render', async () => {
  const sites = ['a\u202eb', 'c\u0000d', 'constructor', '__proto__'];
  const matrix = { sites, features: ['x\u2066y', 'toString'], values: sites.map(() => [0.1, 0.2]) };
  for (const chart of [report.shiftHeatmapChart(matrix), report.missingnessHeatmapChart(matrix)]) {
    const svg = await report.renderChart(chart, { id: 'chart' });
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(svg, /[\u0000\u202a-\u202e\u2066-\u2069]/);
    assert.ok(svg.includes('ab') && svg.includes('constructor') && svg.includes('__proto__'));
  }
});
