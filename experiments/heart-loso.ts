// Leave-one-site-out experiment on the bundled 4-hospital UCI heart data (issues 8 and 16):
// external AUC per site (DeLong 95% CI) for six ways of building the model. DANN (issue 16) has a
// λ = 0 warm-up, early stopping on SOURCE validation loss (the fold's early-stopping rows) and a
// label-free selection rule; adaptation-hurts findings compare each adapted variant with the
// recommended MLP without adaptation.
// Run: node --import tsx experiments/heart-loso.ts   (writes experiments/results/heart-loso-<date>.{json,md})
import { mkdirSync, writeFileSync } from 'node:fs';
import { adapt, data, nn, recommend, validate } from '../src/index.js';

const table0 = await data.readCsv('data/heart-disease/heart_disease_4sites.csv');
// The data's README: cholesterol and resting BP of 0 mean "not measured".
let table = table0;
for (const col of ['chol', 'trestbps']) {
  const v = Float64Array.from(table.numbers(col), (x) => (x === 0 ? NaN : x));
  table = table.withColumn(col, { kind: 'numeric', values: v });
}
const categorical = ['cp', 'restecg', 'slope', 'thal'];
const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site', categorical });
const numeric = schema.features.filter((f) => !categorical.includes(f));
const config = recommend.getRegularisationConfig({ datasetSize: table.nRows, architecture: 'mlp', nFeatures: schema.features.length });
const common = { seed: 0, epochs: 200, patience: 15, lr: 1e-3 };

type Variant = { name: string; run: () => validate.LosoResult; adapted?: boolean };
const selections = new Map<string, Record<string, string>>();
const dannFold = (variant: string) => (f: validate.FoldData): { model: ReturnType<typeof adapt.trainDann>['model'] } => {
  const r = adapt.trainDann({
    xSource: f.xTrain, ySource: f.yTrain, domainSource: f.domainTrain, xTarget: f.xTest, domainTarget: f.domainTest, nDomains: f.sites.length,
    xVal: f.xVal, yVal: f.yVal, hiddenSizes: config.hiddenSizes, dropout: config.dropout, warmupEpochs: 200, epochs: 60, patience: 15, lr: 1e-3,
    weightDecay: config.weightDecay, seed: f.seed,
  });
  selections.set(variant, { ...selections.get(variant), [f.name]: r.selected });
  return { model: r.model };
};
const variants: Variant[] = [
  {
    name: 'Logistic regression (L2 1e-4, early stopping)',
    run: () => validate.leaveOneSiteOut((n) => new nn.Sequential(new nn.Linear(n, 1)), table, schema, { ...common, lr: 1e-2, weightDecay: 1e-4 }),
  },
  {
    name: 'Unregularised MLP (128→64, no BN/dropout/decay, 200 epochs)',
    run: () => validate.leaveOneSiteOut(
      (n) => new nn.Sequential(new nn.Linear(n, 128), new nn.ReLU(), new nn.Linear(128, 64), new nn.ReLU(), new nn.Linear(64, 1)),
      table, schema, { ...common, weightDecay: 0, noEarlyStopping: true },
    ),
  },
  {
    name: `Recommended MLP (${config.hiddenSizes.join('→')}, BN, dropout ${config.dropout}, AdamW wd ${config.weightDecay}, early stopping)`,
    run: () => validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), table, schema, { ...common, weightDecay: config.weightDecay, labelSmoothing: config.labelSmoothing }),
  },
  {
    name: '+ DANN (warm-up, early stopping on source validation, label-free selection)',
    adapted: true,
    run: () => validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), table, schema, { ...common, trainFold: dannFold('+ DANN') }),
  },
  {
    name: '+ per-site normalisation',
    adapted: true,
    run: () => {
      const perSite = new adapt.PerSiteStandardScaler({ features: numeric, site: 'site' }).fitTransform(table);
      return validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), perSite, schema, { ...common, weightDecay: config.weightDecay, labelSmoothing: config.labelSmoothing });
    },
  },
  {
    name: '+ per-site normalisation + DANN (as above)',
    adapted: true,
    run: () => {
      const perSite = new adapt.PerSiteStandardScaler({ features: numeric, site: 'site' }).fitTransform(table);
      return validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), perSite, schema, { ...common, trainFold: dannFold('+ per-site normalisation + DANN') });
    },
  },
];

const sites = ['cleveland', 'hungarian', 'switzerland', 'va'];
const fmt = (auc: number | null, ci: [number, number] | null): string => (auc === null ? 'undefined' : `${auc.toFixed(3)} (${ci ? `${ci[0].toFixed(2)}–${ci[1].toFixed(2)}` : 'no CI'})`);
const rows: string[] = [];
const json: Record<string, unknown>[] = [];
const findings: string[] = [];
let baseline: validate.CrossSiteResult | undefined;
for (const v of variants) {
  const t0 = performance.now();
  const r = v.run();
  const seconds = (performance.now() - t0) / 1000;
  const bySite = new Map(r.crossSite.sites.map((s) => [s.site, s]));
  rows.push(`| ${v.name} | ${sites.map((s) => fmt(bySite.get(s)!.auc, bySite.get(s)!.ci)).join(' | ')} | ${fmt(r.crossSite.pooled.auc, r.crossSite.pooled.ci)} | ${r.crossSite.heterogeneity ? r.crossSite.heterogeneity.i2.toFixed(2) : '–'} |`);
  if (v.name.startsWith('Recommended MLP')) baseline = r.crossSite;
  const hurts = v.adapted === true && baseline !== undefined ? adapt.adaptationFindings(baseline, r.crossSite, v.name.replace(/ \(.*\)$/, '')) : [];
  for (const f of hurts) findings.push(`- ${f.code} (${f.severity}${f.site !== undefined ? `, ${f.site}` : ', pooled'}): ${f.message}`);
  const sel = [...selections].find(([k]) => v.name.startsWith(k))?.[1];
  json.push({ variant: v.name, seconds, sites: r.crossSite.sites, pooled: r.crossSite.pooled, heterogeneity: r.crossSite.heterogeneity, findings: hurts, ...(sel ? { dannSelected: sel } : {}) });
  console.error(`${v.name}: ${seconds.toFixed(1)} s`);
}
const header = `| model | ${sites.join(' | ')} | pooled | I² |\n|---|${sites.map(() => '---').join('|')}|---|---|`;
const sel = [...selections].map(([k, v]) => `- ${k}: ${Object.entries(v).map(([site, s]) => `${site} ${s}`).join(', ')}`);
const date = new Date().toISOString().slice(0, 10);
const md = `${header}\n${rows.join('\n')}\n\nDANN checkpoint kept by the label-free rule (per held-out site):\n${sel.join('\n')}\n\nadaptation-hurts findings (vs the recommended MLP without adaptation):\n${findings.length > 0 ? findings.join('\n') : '- none'}\n`;
console.log(md);
mkdirSync('experiments/results', { recursive: true });
writeFileSync(`experiments/results/heart-loso-${date}.md`, md);
writeFileSync(`experiments/results/heart-loso-${date}.json`, JSON.stringify({ date: new Date().toISOString(), seed: 0, variants: json }, null, 2));
