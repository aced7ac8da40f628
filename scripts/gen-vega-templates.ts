// Compiles the report's chart templates ahead of time into src/report/vega-templates.ts, so that a
// process drawing a report never loads Vega-Lite (~0.25 s of CPU in a cold process: see
// src/report/compile-chart.ts). The templates come from the charts of real reports: the test's
// sample report (hostile and plain), and development runs on the bundled cohorts that give every
// variant of a chart kind (4 sites: a prediction interval on the forest plot; 2 cohorts; CGD's 13
// hospitals pooled into 2 groups). A template is a structure with its data-dependent numbers
// lifted out (src/report/chart-template.ts), so other data sets of the same chart kind use it too.
// Every template written is checked here: filled with each chart's own numbers it must equal the
// Vega-Lite compile of that chart, or the script fails.
//
//   node --import tsx scripts/gen-vega-templates.ts [--check]
//
// --check writes nothing and exits 1 when the committed file differs from what it would write
// (test/report/vega-templates.test.ts checks the same without the development runs).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { data, develop, report } from '../src/index.js';
import { fillNumbers, LIFT_LEVELS, liftNumbers, sentinelsIntact } from '../src/report/chart-template.js';
import { compileVegaLite } from '../src/report/compile-chart.js';
import { chartStructure, type Chart } from '../src/report/render-chart.js';
import { sampleInput } from '../test/report/sample-input.js';

const OUT = new URL('../src/report/vega-templates.ts', import.meta.url).pathname;

/** Every chart of a report input, as the report draws them. */
async function chartsOf(input: report.ReportInput): Promise<Chart[]> {
  const charts: Chart[] = [];
  await report.renderHtmlReport(input, {
    renderChart: (chart) => {
      charts.push(chart);
      return Promise.resolve('<svg></svg>');
    },
  });
  return charts;
}

/** A short development run on a bundled cohort, as `clinreg train` would report it. */
async function cohortReport(file: string, roles: data.SchemaRoles, exclude: string[]): Promise<report.ReportInput> {
  const table = await data.readCsv(new URL(`../${file}`, import.meta.url).pathname);
  const schema = data.createSchema(table, roles);
  schema.features = schema.features.filter((f) => !exclude.includes(f));
  const result = develop.developModel(table, schema, { seed: 0, epochs: 3, mcPasses: 5, updating: { sizes: [25], repeats: 2 } });
  return develop.toReportInput(result);
}

const sources: [string, () => Promise<Chart[]>][] = [
  ['sample report', () => chartsOf(sampleInput())],
  ['sample report, hostile', () => chartsOf(sampleInput({ hostile: true }))],
  ['heart, 4 sites', async () => chartsOf(await cohortReport('data/heart-disease/heart_disease_4sites.csv', { target: 'num', positive: '>0', site: 'site' }, []))],
  ['breast, 2 cohorts', async () => chartsOf(await cohortReport('data/breast-cancer/breast_2cohorts.csv', { target: 'event5', site: 'cohort' }, ['pid', 'rfstime']))],
  ['CGD, 13 hospitals', async () => chartsOf(await cohortReport('data/cgd/cgd.csv', { target: 'infection', site: 'center' }, ['id', 'etime1']))],
];

// Variants the runs above need not give: forest plots without a prediction interval (2 sites) or
// without a pooled estimate (1 site).
const sites = [
  { site: 'a', n: 120, auc: 0.71, ci: [0.62, 0.8] as const, estimate: 0.9, slope: [0.7, 1.1] as const },
  { site: 'b', n: 80, auc: 0.66, ci: [0.54, 0.78] as const, estimate: 1.2, slope: [0.9, 1.6] as const },
];
const aucs = sites.map(({ site, n, auc, ci }) => ({ site, n, auc, ci }));
const ratios = sites.map(({ site, n, estimate, slope }) => ({ site, n, estimate, ci: slope }));
const variants: Chart[] = [
  report.forestPlotChart(aucs, { auc: 0.69, ci: [0.62, 0.76] }),
  report.forestPlotChart(aucs.slice(0, 1)),
  ...['O:E ratio', 'calibration slope'].flatMap((measure) => [report.ratioForestChart(measure, ratios, { estimate: 1.02, ci: [0.8, 1.3] }), report.ratioForestChart(measure, ratios.slice(0, 1))]),
];
sources.push(['forest variants', () => Promise.resolve(variants)]);

const templates = new Map<string, object>();
let charts = 0;
for (const [name, make] of sources) {
  for (const chart of await make()) {
    const structure = chartStructure(chart);
    if (structure === null) continue;
    charts++;
    // The most general template whose sentinels come through (the runtime tries them in the same order).
    let found: { template: Record<string, unknown>; values: Map<number, number>; vega: object } | undefined;
    for (const level of LIFT_LEVELS) {
      const { template, values } = liftNumbers(structure, level);
      const key = JSON.stringify(template);
      const vega = templates.get(key) ?? (await compileVegaLite(template));
      if (sentinelsIntact(vega, values)) {
        templates.set(key, vega);
        found = { template, values, vega };
        break;
      }
    }
    const { values, vega } = found!;
    // As JSON: the shipped templates are JSON, and Vega reads the spec as JSON.
    if (JSON.stringify(fillNumbers(vega, values)) !== JSON.stringify(await compileVegaLite(structure))) {
      throw new Error(`${name}: chart '${chart.title}': the template filled with its numbers differs from its own compile`);
    }
  }
}

const entries = JSON.stringify([...templates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const text = `// Generated by scripts/gen-vega-templates.ts; do not edit (test/report/vega-templates.test.ts checks it is current).
/** Vega specs of the report's chart templates, compiled ahead of time: template key (JSON) → Vega spec. */
export const VEGA_TEMPLATES: ReadonlyMap<string, object> = new Map(JSON.parse(${JSON.stringify(entries)}) as [string, object][]);
`;
if (process.argv.includes('--check')) {
  const same = readFileSync(OUT, 'utf8') === text;
  console.log(same ? `vega templates: current (${templates.size} templates from ${charts} charts)` : 'vega templates: stale; run node --import tsx scripts/gen-vega-templates.ts');
  process.exit(same ? 0 : 1);
}
writeFileSync(`${OUT}.tmp`, text);
renameSync(`${OUT}.tmp`, OUT);
console.log(`vega templates: ${templates.size} templates from ${charts} charts, ${(text.length / 1024).toFixed(0)} KB → ${OUT}`);
