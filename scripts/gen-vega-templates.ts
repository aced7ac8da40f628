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
// Each template is also parsed by Vega ahead of time into src/report/vega-runtimes.ts (the runtime
// spec a View is made from), so that drawing a report never runs Vega's parser either. A template's
// runtime is shipped only when its numbers come through the parse as plain numbers and, filled with
// each chart's own numbers, it draws the SVG that the parse of the chart's own Vega spec draws.
//
// --check writes nothing and exits 1 when a committed file differs from what it would write
// (test/report/vega-templates.test.ts checks the same without the development runs).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse, version as vegaVersion, View, type Runtime, type Spec } from 'vega';
import { data, develop, report } from '../src/index.js';
import { fillNumbers, LIFT_LEVELS, liftNumbers, sentinelsIntact } from '../src/report/chart-template.js';
import { datasetName, splitSpec } from '../src/report/chart-structure.js';
import { compileVegaLite, portableRuntime } from '../src/report/compile-chart.js';
import { CHART_CONFIG, chartStructure, prefixIds, type Chart } from '../src/report/render-chart.js';
import { sampleInput } from '../test/report/sample-input.js';

const OUT = new URL('../src/report/vega-templates.ts', import.meta.url).pathname;
const OUT_RUNTIMES = new URL('../src/report/vega-runtimes.ts', import.meta.url).pathname;

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
/** Each chart drawn from a template: its numbers and rows, for the runtime check below. */
const uses: { name: string; title: string; key: string; values: Map<number, number>; datasets: object[][] }[] = [];
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
    const { template, values, vega } = found!;
    uses.push({ name, title: chart.title, key: JSON.stringify(template), values, datasets: splitSpec({ config: CHART_CONFIG, ...chart.spec })!.datasets });
    // As JSON: the shipped templates are JSON, and Vega reads the spec as JSON.
    if (JSON.stringify(fillNumbers(vega, values)) !== JSON.stringify(await compileVegaLite(structure))) {
      throw new Error(`${name}: chart '${chart.title}': the template filled with its numbers differs from its own compile`);
    }
  }
}

/** The SVG of a View of `runtime` with the chart's rows (ids renumbered, as renderChart does). */
async function svgOf(runtime: Runtime, datasets: object[][]): Promise<string> {
  const view = new View(runtime, { renderer: 'none', logLevel: 0 });
  datasets.forEach((rows, k) => view.data(datasetName(k), rows));
  try {
    return prefixIds(await view.toSVG(), 'c');
  } finally {
    view.finalize();
  }
}

// Runtimes, in key order (vega.parse numbers anonymous data sets process-wide; portableRuntime renumbers them).
const byKey = <T>(map: Map<string, T>): [string, T][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const runtimes = new Map<string, object>();
for (const [key, vega] of byKey(templates)) runtimes.set(key, portableRuntime(parse(vega as Spec)));
for (const use of uses) {
  const runtime = runtimes.get(use.key);
  if (runtime === undefined) continue;
  const why = !sentinelsIntact(runtime, use.values)
    ? 'its numbers do not come through the parse'
    : (await svgOf(fillNumbers(runtime as Runtime, use.values), use.datasets)) !== (await svgOf(parse(fillNumbers(templates.get(use.key)! as Spec, use.values)), use.datasets))
      ? 'the SVG differs from the parse of its own spec'
      : null;
  if (why !== null) {
    console.log(`${use.name}: chart '${use.title}': no runtime ahead for its template: ${why}`);
    runtimes.delete(use.key);
  }
}

const GENERATED = '// Generated by scripts/gen-vega-templates.ts; do not edit (test/report/vega-templates.test.ts checks it is current).';
const text = `${GENERATED}
/** Vega specs of the report's chart templates, compiled ahead of time: template key (JSON) → Vega spec. */
export const VEGA_TEMPLATES: ReadonlyMap<string, object> = new Map(JSON.parse(${JSON.stringify(JSON.stringify(byKey(templates)))}) as [string, object][]);
`;
const runtimesText = `${GENERATED}
/** The Vega release that parsed them: a runtime spec is Vega's internal format, used only with this release. */
export const VEGA_RUNTIMES_VERSION = ${JSON.stringify(vegaVersion)};
/**
 * Vega runtime specs of the templates of vega-templates.ts (\`vega.parse\`, anonymous data sets
 * renumbered: compile-chart.ts portableRuntime), parsed ahead of time: template key (JSON) → runtime
 * spec as JSON text (a chart's numbers are filled into the text, which is then parsed: vegaRuntimeOf).
 */
export const VEGA_RUNTIMES: ReadonlyMap<string, string> = new Map([
${byKey(runtimes).map(([key, runtime]) => `  [${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(runtime))}],`).join('\n')}
]);
`;
const summary = `${templates.size} templates (${runtimes.size} with a runtime) from ${charts} charts`;
if (process.argv.includes('--check')) {
  const same = readFileSync(OUT, 'utf8') === text && readFileSync(OUT_RUNTIMES, 'utf8') === runtimesText;
  console.log(same ? `vega templates: current (${summary})` : 'vega templates: stale; run node --import tsx scripts/gen-vega-templates.ts');
  process.exit(same ? 0 : 1);
}
for (const [file, content] of [[OUT, text], [OUT_RUNTIMES, runtimesText]] as const) {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}
console.log(`vega templates: ${summary}, ${(text.length / 1024).toFixed(0)} KB → ${OUT}, ${(runtimesText.length / 1024).toFixed(0)} KB → ${OUT_RUNTIMES}`);
