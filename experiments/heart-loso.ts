// Leave-one-site-out experiment on the bundled 4-hospital UCI heart data (issue 8):
// external AUC per site (DeLong 95% CI) for five ways of building the model.
// Run: node --import tsx experiments/heart-loso.ts   (writes experiments/results/heart-loso.{json,md})
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

type Variant = { name: string; run: () => validate.LosoResult };
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
    name: '+ per-site normalisation',
    run: () => {
      const perSite = new adapt.PerSiteStandardScaler({ features: numeric, site: 'site' }).fitTransform(table);
      return validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), perSite, schema, { ...common, weightDecay: config.weightDecay, labelSmoothing: config.labelSmoothing });
    },
  },
  {
    name: '+ per-site normalisation + DANN',
    run: () => {
      const perSite = new adapt.PerSiteStandardScaler({ features: numeric, site: 'site' }).fitTransform(table);
      return validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), perSite, schema, {
        ...common,
        trainFold: (f) => ({ model: adapt.trainDann({
          xSource: f.xTrain, ySource: f.yTrain, domainSource: f.domainTrain, xTarget: f.xTest, domainTarget: f.domainTest,
          nDomains: f.sites.length, hiddenSizes: config.hiddenSizes, dropout: config.dropout, epochs: 60, lr: 1e-3,
          weightDecay: config.weightDecay, seed: f.seed,
        }).model }),
      });
    },
  },
];

const sites = ['cleveland', 'hungarian', 'switzerland', 'va'];
const fmt = (auc: number | null, ci: [number, number] | null): string => (auc === null ? 'undefined' : `${auc.toFixed(3)} (${ci ? `${ci[0].toFixed(2)}–${ci[1].toFixed(2)}` : 'no CI'})`);
const rows: string[] = [];
const json: Record<string, unknown>[] = [];
for (const v of variants) {
  const t0 = performance.now();
  const r = v.run();
  const seconds = (performance.now() - t0) / 1000;
  const bySite = new Map(r.crossSite.sites.map((s) => [s.site, s]));
  rows.push(`| ${v.name} | ${sites.map((s) => fmt(bySite.get(s)!.auc, bySite.get(s)!.ci)).join(' | ')} | ${fmt(r.crossSite.pooled.auc, r.crossSite.pooled.ci)} | ${r.crossSite.heterogeneity ? r.crossSite.heterogeneity.i2.toFixed(2) : '–'} |`);
  json.push({ variant: v.name, seconds, sites: r.crossSite.sites, pooled: r.crossSite.pooled, heterogeneity: r.crossSite.heterogeneity });
  console.error(`${v.name}: ${seconds.toFixed(1)} s`);
}
const header = `| model | ${sites.join(' | ')} | pooled | I² |\n|---|${sites.map(() => '---').join('|')}|---|---|`;
const md = `${header}\n${rows.join('\n')}\n`;
console.log(md);
mkdirSync('experiments/results', { recursive: true });
writeFileSync('experiments/results/heart-loso.md', md);
writeFileSync('experiments/results/heart-loso.json', JSON.stringify({ date: new Date().toISOString(), seed: 0, variants: json }, null, 2));
