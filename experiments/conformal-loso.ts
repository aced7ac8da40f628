// Site-aware uncertainty in leave-one-site-out on the bundled 4-hospital heart data (issue 16).
// For each held-out hospital, the recommended MLP trained on the other three (validate.fitOnRows,
// seed 0) is calibrated on its own early-stopping rows (development sites, never fitted on) and
// its 90% conformal sets are checked at the held-out hospital: split conformal (pooled
// calibration), weighted conformal (likelihood ratio from a domain classifier: calibration rows vs
// the hospital's unlabelled rows), Mondrian with 50 labelled local patients (20 seeded draws,
// coverage on the rest). Also: does the MC-dropout SD (30 passes) predict error there, and how many
// of the hospital's patients lie outside the training range of some feature?
// Run: node --import tsx experiments/conformal-loso.ts   (writes experiments/results/conformal-loso-<date>.{md,json})
import { mkdirSync, writeFileSync } from 'node:fs';
import { Generator, Tensor, conformal, data, noGrad, recommend, train, validate } from '../src/index.js';

const SEED = 0;
const ALPHA = 0.1;
const M_LOCAL = 50;
const REPEATS = 20;
const table0 = await data.readCsv('data/heart-disease/heart_disease_4sites.csv');
let table = table0;
for (const col of ['chol', 'trestbps']) {
  const v = Float64Array.from(table.numbers(col), (x) => (x === 0 ? NaN : x));
  table = table.withColumn(col, { kind: 'numeric', values: v });
}
const categorical = ['cp', 'restecg', 'slope', 'thal'];
const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site', categorical });
const y = data.binaryTarget(table, schema);
const siteOf = table.strings('site') as string[];
const sites = ['cleveland', 'hungarian', 'switzerland', 'va'];
const config = recommend.getRegularisationConfig({ datasetSize: table.nRows, architecture: 'mlp', nFeatures: schema.features.length });
const f3 = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : v.toFixed(3));
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

const out: Record<string, unknown>[] = [];
const lines: string[] = [];
for (const site of sites) {
  const dev = Int32Array.from(siteOf.flatMap((s, i) => (s === site ? [] : [i])));
  const local = Int32Array.from(siteOf.flatMap((s, i) => (s === site ? [i] : [])));
  const fit = validate.fitOnRows((n) => recommend.buildModel(config, n), table, schema, dev, Array.from(dev, (i) => y[i]!), {
    seed: SEED, epochs: 200, patience: 15, lr: 1e-3, weightDecay: config.weightDecay, labelSmoothing: config.labelSmoothing,
    sites: Array.from(dev, (i) => siteOf[i]!),
  });
  const p = fit.preprocessor.featureNames.length;
  const xCal = fit.preprocessor.transform(table, fit.valRows);
  const xSite = fit.preprocessor.transform(table, local);
  fit.model.eval();
  const prob = (x: Float32Array, n: number): Float64Array => Float64Array.from(noGrad(() => fit.model.forward(new Tensor(x, [n, p]))).data, (v) => 1 / (1 + Math.exp(-v)));
  const pCal = prob(xCal, fit.valRows.length);
  const pSite = prob(xSite, local.length);
  const yCal = Array.from(fit.valRows, (i) => y[i]!);
  const ySite = Array.from(local, (i) => y[i]!);
  // Split conformal on the development sites' calibration rows.
  const split = conformal.summariseSets(conformal.predictSets(conformal.splitConformal(yCal, pCal, ALPHA), pSite), ySite);
  // Weighted conformal: likelihood ratio of the hospital's rows vs the calibration rows.
  const w = conformal.densityRatioWeights(xCal, xSite, p, { ridge: 1 });
  // Effective calibration sample size under the weights, (Σw)²/Σw²: small when the sites barely overlap.
  const ess = w.calibration.reduce((a, b) => a + b, 0) ** 2 / w.calibration.reduce((a, b) => a + b * b, 0);
  const weighted = conformal.summariseSets(conformal.weightedConformal(yCal, pCal, w.calibration, pSite, w.test, { alpha: ALPHA }).sets, ySite);
  // Mondrian with M_LOCAL labelled local patients as the hospital's own calibration set.
  const gen = new Generator(SEED + sites.indexOf(site) * 101);
  const mondrian = Array.from({ length: REPEATS }, () => {
    const perm = gen.permutation(local.length);
    const cal = perm.subarray(0, M_LOCAL);
    const rest = perm.subarray(M_LOCAL);
    const cp = conformal.splitConformal(Array.from(cal, (k) => ySite[k]!), Array.from(cal, (k) => pSite[k]!), ALPHA);
    return conformal.summariseSets(conformal.predictSets(cp, Array.from(rest, (k) => pSite[k]!)), Array.from(rest, (k) => ySite[k]!));
  });
  // MC dropout: does the SD point at the errors?
  const mc = train.mcDropoutPredict(fit.model, new Tensor(xSite, [local.length, p]), { passes: 30, seed: SEED });
  const ue = conformal.uncertaintyErrorAuc(mc.std, ySite, mc.mean)[0]!;
  // Out-of-range patients (training ranges of the development rows).
  const ranges = conformal.trainingRanges(table, schema.features, dev);
  const flagged = conformal.flagOutOfRange(table.slice(local[0]!, local[local.length - 1]! + 1), ranges);
  const row = {
    site, n: local.length, events: ySite.reduce((a, b) => a + b, 0),
    split: { coverage: split.coverage, shareBoth: split.shareBoth, shareEmpty: split.shareEmpty },
    weighted: { coverage: weighted.coverage, shareBoth: weighted.shareBoth, shareEmpty: weighted.shareEmpty, effectiveCalibrationSize: ess, calibrationRows: yCal.length },
    mondrian: { coverage: mean(mondrian.map((m) => m.coverage)), shareBoth: mean(mondrian.map((m) => m.shareBoth)), m: M_LOCAL, repeats: REPEATS },
    mcDropout: { errors: ue.errors, auc: ue.auc, spearman: ue.spearman },
    outOfRange: { rows: flagged.length, share: flagged.length / local.length },
  };
  out.push(row);
  lines.push(`| ${site} | ${row.n} (${row.events} events) | ${f3(split.coverage)} / ${f3(split.shareBoth)} | ${f3(weighted.coverage)} / ${f3(weighted.shareBoth)} (ESS ${ess.toFixed(1)} of ${yCal.length}) | ${f3(row.mondrian.coverage)} / ${f3(row.mondrian.shareBoth)} | ${f3(ue.auc)} (${ue.errors} errors) | ${flagged.length} (${(100 * row.outOfRange.share).toFixed(0)}%) |`);
  console.error(`${site}: done`);
}
const date = new Date().toISOString().slice(0, 10);
const md = `# Site-aware uncertainty in leave-one-site-out, heart data (${date}, seed ${SEED}, α = ${ALPHA})

Coverage / share of {0,1} sets of 90% conformal prediction sets at each held-out hospital. Split and
weighted: calibrated on the development sites' early-stopping rows; weighted uses a domain
classifier's likelihood ratio (calibration rows vs the hospital's unlabelled rows); Mondrian: ${M_LOCAL}
labelled local patients as the hospital's own calibration set (mean of ${REPEATS} seeded draws, coverage
on the rest). MC dropout: AUC of the 30-pass SD for |y − p| > 0.5. Out of range: patients with a
feature outside the development rows' range or an unseen category. ESS: effective calibration size
under the likelihood-ratio weights, (Σw)²/Σw².

| held-out site | n | split: coverage / {0,1} | weighted: coverage / {0,1} | Mondrian (m = ${M_LOCAL}): coverage / {0,1} | MC-dropout SD → error AUC | out of range |
|---|---|---|---|---|---|---|
${lines.join('\n')}

Reading: pooled split conformal is close to 90% at three hospitals (0.88) and over-covers at
Hungary; Mondrian with 50 local labelled patients brings every hospital to 0.89–0.92. Weighted
conformal keeps its guarantee only by answering {0,1} for nearly everyone: the heart sites are
almost separable by their features (missingness patterns), so the likelihood ratios are extreme,
the effective calibration size collapses (ESS 3–27) and each test patient's own weight exceeds α.
That is the honest answer under so little overlap, not a usable set. The MC-dropout SD barely
predicts error (AUC 0.49–0.72): do not use it alone to flag patients at a new hospital.
`;
console.log(md);
mkdirSync('experiments/results', { recursive: true });
writeFileSync(`experiments/results/conformal-loso-${date}.md`, md);
writeFileSync(`experiments/results/conformal-loso-${date}.json`, JSON.stringify({ date: new Date().toISOString(), seed: SEED, alpha: ALPHA, sites: out }, null, 1));
