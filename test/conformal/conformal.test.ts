import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, ValueError, conformal } from '../../src/index.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** n patients: x ~ N(mu, 1), truth P(y = 1 | x) = σ(2.5x); the model says σ(x) (too flat: miscalibrated). */
function draw(g: Generator, n: number, mu: number): { x: Float64Array; y: Uint8Array; p: Float64Array } {
  const x = Float64Array.from({ length: n }, () => g.normal() + mu);
  const y = Uint8Array.from(x, (v) => (g.random() < sigmoid(2.5 * v) ? 1 : 0));
  const p = Float64Array.from(x, (v) => sigmoid(v));
  return { x, y, p };
}

test('split conformal, exchangeable data: mean coverage over 400 seeded repeats equals the exact ⌈(n+1)(1−α)⌉/(n+1)', () => {
  const g = new Generator(11);
  const alpha = 0.1;
  const n = 100;
  const covers: number[] = [];
  let both = 0;
  for (let rep = 0; rep < 400; rep++) {
    const cal = draw(g, n, 0);
    const te = draw(g, 100, 0);
    const cp = conformal.splitConformal(cal.y, cal.p, alpha);
    const s = conformal.summariseSets(conformal.predictSets(cp, te.p), te.y);
    covers.push(s.coverage);
    both += s.shareBoth;
  }
  const mean = covers.reduce((a, b) => a + b, 0) / covers.length;
  const exact = Math.ceil((n + 1) * (1 - alpha)) / (n + 1); // 91/101 for continuous scores
  const sd = Math.sqrt(covers.reduce((a, c) => a + (c - mean) ** 2, 0) / (covers.length - 1));
  if (process.env.CLINREG_PRINT === '1') console.log({ mean, exact });
  assert.ok(Math.abs(mean - exact) < 4 * sd / Math.sqrt(covers.length), `mean coverage ${mean} vs exact ${exact}`);
  assert.ok(Math.abs(mean - (1 - alpha)) < 0.03);
  assert.ok(both / 400 > 0 && both / 400 < 1, 'some sets are {0,1}, not all');
});

test('weighted conformal under covariate shift: coverage within ±3 points of 1 − α with the true and with the estimated likelihood ratio; unweighted is off', () => {
  const g = new Generator(21);
  const alpha = 0.2;
  const mu = 1.5;
  const unweighted: number[] = [];
  const trueW: number[] = [];
  const estW: number[] = [];
  for (let rep = 0; rep < 150; rep++) {
    const cal = draw(g, 300, 0);
    const te = draw(g, 200, mu);
    unweighted.push(conformal.summariseSets(conformal.predictSets(conformal.splitConformal(cal.y, cal.p, alpha), te.p), te.y).coverage);
    const ratio = (x: number): number => Math.exp(mu * x - (mu * mu) / 2); // N(mu,1) / N(0,1)
    const wt = conformal.weightedConformal(cal.y, cal.p, Float64Array.from(cal.x, ratio), te.p, Float64Array.from(te.x, ratio), { alpha });
    trueW.push(conformal.summariseSets(wt.sets, te.y).coverage);
    const w = conformal.densityRatioWeights(cal.x, te.x, 1, { ridge: 0.01 });
    const we = conformal.weightedConformal(cal.y, cal.p, w.calibration, te.p, w.test, { alpha });
    estW.push(conformal.summariseSets(we.sets, te.y).coverage);
  }
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  if (process.env.CLINREG_PRINT === '1') console.log({ unweighted: mean(unweighted), trueW: mean(trueW), estW: mean(estW) });
  assert.ok(Math.abs(mean(trueW) - (1 - alpha)) < 0.03, `true-ratio weighted coverage ${mean(trueW)}`);
  assert.ok(Math.abs(mean(estW) - (1 - alpha)) < 0.03, `estimated-ratio weighted coverage ${mean(estW)}`);
  assert.ok(Math.abs(mean(unweighted) - (1 - alpha)) > 0.03, `unweighted coverage ${mean(unweighted)} should miss 1 − α under this shift`);
});

test('Mondrian by site: coverage ≥ 1 − α (±3 points) at each site where pooled split conformal under-covers the noisier site', () => {
  const g = new Generator(31);
  const alpha = 0.1;
  const site = (i: number): string => (i % 2 === 0 ? 'a' : 'b');
  const make = (n: number): { y: Uint8Array; p: Float64Array; s: string[] } => {
    const s = Array.from({ length: n }, (_, i) => site(i));
    const p = Float64Array.from({ length: n }, () => sigmoid(2 * g.normal()));
    // Site a: outcomes follow the model; site b: the model is much too confident.
    const y = Uint8Array.from(p, (v, i) => (g.random() < (s[i] === 'a' ? v : 0.5 + 0.4 * (v - 0.5)) ? 1 : 0));
    return { y, p, s };
  };
  const pooledB: number[] = [];
  const mondrian: Record<string, number[]> = { a: [], b: [] };
  for (let rep = 0; rep < 150; rep++) {
    const cal = make(400);
    const te = make(400);
    const pooledSets = conformal.predictSets(conformal.splitConformal(cal.y, cal.p, alpha), te.p);
    const m = conformal.mondrianConformal(cal.y, cal.p, cal.s, alpha);
    const sets = conformal.predictSetsByGroup(m, te.p, te.s);
    for (const s of ['a', 'b']) {
      const idx = te.s.flatMap((v, i) => (v === s ? [i] : []));
      const cov = conformal.summariseSets(idx.map((i) => sets[i]!), idx.map((i) => te.y[i]!)).coverage;
      mondrian[s]!.push(cov);
      if (s === 'b') pooledB.push(conformal.summariseSets(idx.map((i) => pooledSets[i]!), idx.map((i) => te.y[i]!)).coverage);
    }
  }
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  if (process.env.CLINREG_PRINT === '1') console.log({ a: mean(mondrian.a!), b: mean(mondrian.b!), pooledB: mean(pooledB) });
  for (const s of ['a', 'b']) assert.ok(Math.abs(mean(mondrian[s]!) - (1 - alpha)) < 0.03, `site ${s}: ${mean(mondrian[s]!)}`);
  assert.ok(mean(pooledB) < 1 - alpha - 0.03, `pooled coverage at b ${mean(pooledB)}`);
  assert.throws(() => conformal.predictSetsByGroup(conformal.mondrianConformal([0, 1], [0.2, 0.8], ['a', 'a']), [0.5], ['z']), /site 'z' has no calibration rows/);
});

test('conformal inputs: bad α, labels, risks and weights are ValueErrors; too few rows for α gives {0,1} everywhere', () => {
  assert.throws(() => conformal.splitConformal([0, 1], [0.2, 0.8], 0), ValueError);
  assert.throws(() => conformal.splitConformal([0, 2], [0.2, 0.8]), ValueError);
  assert.throws(() => conformal.splitConformal([0, 1], [0.2, 1.8]), ValueError);
  assert.throws(() => conformal.weightedConformal([0, 1], [0.2, 0.8], [1, -1], [0.5], [1]), /calibrationWeights must be finite and ≥ 0/);
  const cp = conformal.splitConformal([0, 1, 1], [0.2, 0.8, 0.6], 0.1);
  assert.equal(cp.threshold, Infinity);
  assert.deepEqual([...conformal.predictSets(cp, [0.01, 0.99])], [3, 3]);
  assert.equal(conformal.setLabel(3), '{0,1}');
});
