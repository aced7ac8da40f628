// report: renderHtmlReport's renderChart option — every chart is requested at once from the given
// renderer and the page is the one rendered chart by chart here; chart placeholders cannot be forged by data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { report } from '../../src/index.js';
import { SAMPLE_CHART_COUNT, sampleInput } from './sample-input.js';

test('renderHtmlReport with a renderChart: all charts requested before any finishes, same page as without', async () => {
  const input = sampleInput({ hostile: true });
  const serial = await report.renderHtmlReport(input);
  const requested: string[] = [];
  let inFlight = 0;
  let most = 0;
  const page = await report.renderHtmlReport(input, {
    renderChart: async (chart, options) => {
      requested.push(options.id);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      const svg = await report.renderChart(chart, options);
      inFlight--;
      return svg;
    },
  });
  assert.equal(page, serial);
  assert.equal(requested.length, SAMPLE_CHART_COUNT);
  assert.equal(most, SAMPLE_CHART_COUNT, 'every chart was in flight at once');
});

test('a placeholder-like text in the data stays escaped text, never replaced by a chart', async () => {
  const input = sampleInput();
  const token = '<!--clinreg-chart:0-->';
  const page = await report.renderHtmlReport({ ...input, title: token, summary: { ...input.summary, source: token } });
  assert.ok(!page.includes(token.replace('0', '99')));
  assert.equal(page.split('&lt;!--clinreg-chart:0--&gt;').length - 1, 4, 'title (<title>, <h1>) and source (header, data summary), escaped');
  assert.equal((page.match(/<svg/g) ?? []).length, SAMPLE_CHART_COUNT);
  assert.ok(!/<!--clinreg-chart:\d+-->/.test(page), 'no placeholder left');
});
