// metrics.validationSampleSize against Riley et al. (2021, Stat Med 40:4230–4251) and against
// R (scripts/gen-sample-size-fixtures.R → test/fixtures/metrics/sample-size-r.json): exact
// integrals in R, the criteria of pmvalsampsize 0.1.0 re-typed there and checked against the
// package's own test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { metrics } from '../../src/index.js';
import { assertClose, undefinedMetric, valueError } from './helpers.js';

interface SampleSizeRef {
  pmvTest41: number[];
  pmvDefaultNormalSlope: number;
  normal: { slopeN: number };
  gld: {
    mean: number;
    variance: number;
    skewness: number;
    kurtosis: number;
    slopeN: number;
    slopeNse051: number;
    mcSlopeN: number[];
    threshold: number;
    sensitivity: number;
    specificity: number;
    nbN: number;
    nbStandardised: number;
    nbSe: number;
  };
  collinsNb: { sensitivity: number; specificity: number; threshold: number; n: number };
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/metrics/sample-size-r.json', import.meta.url), 'utf8')) as SampleSizeRef;
const paperLp = { mean: ref.gld.mean, sd: Math.sqrt(ref.gld.variance), skewness: ref.gld.skewness, kurtosis: ref.gld.kurtosis };

test('validationSampleSize: Riley et al. 2021 worked example (φ 0.018, C 0.8, LP mean −5.8, variance 5, skewness −0.5, kurtosis 4)', () => {
  const r = metrics.validationSampleSize({ prevalence: 0.018, cstatistic: 0.8, oeCiWidth: 1, lp: paperLp, netBenefit: { threshold: 0.08 } });
  assert.equal(r.oe, 905); // paper: 905
  assert.equal(r.cstatistic, 4252); // paper: 4252
  // the slope criterion is an integral here (R: 9844.78); the paper's 9835 is one 10⁶-draw simulation
  assert.equal(r.slope, Math.ceil(ref.gld.slopeN));
  assert.equal(r.slope, 9845);
  const mc = ref.gld.mcSlopeN;
  assert.ok(mc.includes(9835) && Math.min(...mc) <= r.slope && r.slope <= Math.max(...mc), 'the paper figure and ours lie inside the simulation spread');
  assert.ok(Math.abs(r.slope - 9835) / 9835 < 0.002, 'within 0.2% of the paper');
  assert.equal(r.n, r.slope);
  assert.equal(r.binding, 'slope');
  assert.equal(Math.round(r.events), 177); // paper: 177 events
  // criterion 4: sensitivity and specificity from the LP at threshold 0.08, rounded as pmvalsampsize
  const nb = r.netBenefitCriterion!;
  assert.equal(nb.derived, true);
  assert.equal(nb.sensitivity, Math.round(ref.gld.sensitivity * 100) / 100);
  assert.equal(nb.specificity, Math.round(ref.gld.specificity * 100) / 100);
  assert.deepEqual([nb.sensitivity, nb.specificity], [0.53, 0.96]);
  assert.equal(nb.se, ref.gld.nbSe);
  assertClose(nb.standardisedNetBenefit, ref.gld.nbStandardised, 1e-12, 'standardised net benefit');
  assert.equal(r.netBenefit, ref.gld.nbN);
  assert.equal(r.netBenefit, 6443); // paper: 6443 participants for net benefit at 8%
});

test('validationSampleSize: the slope criterion follows the target SE (R integral with SE 0.051, the paper code’s default)', () => {
  const r = metrics.validationSampleSize({ prevalence: 0.018, cstatistic: 0.8, oeCiWidth: 1, lp: paperLp, slopeCiWidth: 0.051 * 2 * 1.96 });
  assert.equal(r.slope, Math.ceil(ref.gld.slopeNse051));
  assert.equal(r.slope, 9853);
});

test('validationSampleSize: normal LP N(−5, 2.5) as pmvalsampsize lpnormal (package test: 905, 4501 from 1000 draws, 4252)', () => {
  const r = metrics.validationSampleSize({ prevalence: 0.018, cstatistic: 0.8, lp: { mean: -5, sd: 2.5 }, oeCiWidth: 1 });
  assert.equal(r.oe, ref.pmvTest41[0]);
  assert.equal(r.cstatistic, ref.pmvTest41[2]);
  assert.equal(r.slope, Math.ceil(ref.normal.slopeN)); // 4554; pmvalsampsize with 10⁶ draws (seed 123456): 4563
  assert.ok(Math.abs(r.slope - ref.pmvDefaultNormalSlope) / r.slope < 0.005);
});

test('validationSampleSize: given sensitivity and specificity (Collins’s script, section 4.4: 0.2, 0.99 at 0.08)', () => {
  const r = metrics.validationSampleSize({
    prevalence: 0.018,
    cstatistic: 0.8,
    lp: { mean: -5, sd: 2.5 },
    netBenefit: { threshold: ref.collinsNb.threshold, sensitivity: ref.collinsNb.sensitivity, specificity: ref.collinsNb.specificity },
  });
  assert.equal(r.netBenefit, ref.collinsNb.n);
  assert.equal(r.netBenefitCriterion!.derived, false);
  // hand: w = (0.982/0.018)(0.08/0.92); n = ⌈(0.16/0.018 + w²·0.0099/0.982 + w²·0.0001/(0.018·0.982)) / 0.051²⌉
  const w = (0.982 / 0.018) * (0.08 / 0.92);
  assert.equal(r.netBenefit, Math.ceil((0.16 / 0.018 + (w * w * 0.0099) / 0.982 + (w * w * 0.0001) / (0.018 * 0.982)) / 0.051 ** 2));
  // a tighter interval needs more patients; a binding net-benefit criterion is named
  const tight = metrics.validationSampleSize({ prevalence: 0.018, cstatistic: 0.8, oeCiWidth: 1, lp: { mean: -5, sd: 2.5 }, netBenefit: { threshold: 0.08, sensitivity: 0.2, specificity: 0.99, ciWidth: 0.1 } });
  assert.ok(tight.netBenefit! > 3 * r.netBenefit!);
  assert.equal(tight.binding, 'netBenefit');
  assert.equal(tight.n, tight.netBenefit);
});

test('validationSampleSize: observed logits give sensitivity and specificity by their own risks', () => {
  // risks 0.1, 0.2, 0.4, 0.8 at threshold 0.3: sens = (0.4 + 0.8)/1.5 = 0.8, spec = (0.9 + 0.8)/2.5 = 0.68
  const lp = [0.1, 0.2, 0.4, 0.8].map((p) => Math.log(p / (1 - p)));
  const r = metrics.validationSampleSize({ prevalence: 0.375, cstatistic: 0.75, lp: { values: lp }, netBenefit: { threshold: 0.3 } });
  assert.equal(r.netBenefitCriterion!.sensitivity, 0.8);
  assert.equal(r.netBenefitCriterion!.specificity, 0.68);
  assert.equal(r.oe, metrics.validationSampleSize({ prevalence: 0.375, cstatistic: 0.75, lp: { values: lp } }).oe);
});

test('validationSampleSize: bad criterion-4 and moment input are errors', () => {
  const base = { prevalence: 0.1, cstatistic: 0.8, lp: { mean: -2, sd: 1 } };
  assert.throws(() => metrics.validationSampleSize({ ...base, netBenefit: { threshold: 1 } }), valueError(/netBenefit.threshold must be in \(0, 1\)/));
  assert.throws(() => metrics.validationSampleSize({ ...base, netBenefit: { threshold: 0.1, sensitivity: 0.5 } }), valueError(/both sensitivity and specificity, or neither/));
  assert.throws(() => metrics.validationSampleSize({ ...base, netBenefit: { threshold: 0.1, sensitivity: 1.5, specificity: 0.5 } }), valueError(/netBenefit.sensitivity must be in \[0, 1\]/));
  assert.throws(() => metrics.validationSampleSize({ ...base, netBenefit: { threshold: 0.1, ciWidth: 0 } }), valueError(/ciWidth must be a positive number/));
  assert.throws(() => metrics.validationSampleSize({ ...base, lp: { mean: -2, sd: 1, skewness: 2, kurtosis: 4 } }), valueError(/kurtosis must exceed 1 \+ skewness²/));
  assert.throws(() => metrics.validationSampleSize({ ...base, lp: { mean: -2, sd: 1, skewness: 1.5, kurtosis: 7 } }), valueError(/no generalized lambda distribution/));
  assert.throws(() => metrics.validationSampleSize({ ...base, lp: { values: [0.3, 0.3, 0.3] } }), undefinedMetric(/no spread/));
});

test('validationSampleSize: skewness 0, kurtosis 3 is close to the normal (the GLD approximates it to ~1e-3)', () => {
  const normal = metrics.validationSampleSize({ prevalence: 0.1, cstatistic: 0.8, lp: { mean: -2, sd: 1.5 } });
  const gld = metrics.validationSampleSize({ prevalence: 0.1, cstatistic: 0.8, lp: { mean: -2, sd: 1.5, skewness: 0, kurtosis: 3 } });
  assert.ok(Math.abs(gld.slope - normal.slope) / normal.slope < 0.005, `${gld.slope} vs ${normal.slope}`);
});
