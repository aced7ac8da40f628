import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, Tensor, train, ValueError } from '../../src/index.js';

const g = (): Generator => new Generator(0);

test('gaussianNoise: adds noise of the requested spread, labels unchanged', () => {
  const x = new Tensor(new Float32Array(20_000), [1000, 20]);
  const y = new Tensor(Float32Array.from({ length: 1000 }, (_, i) => i % 2), [1000, 1]);
  const out = train.gaussianNoise({ std: 0.5 })(x, y, g());
  const sd = Math.sqrt(out.x.data.reduce((s, v) => s + v * v, 0) / out.x.size);
  assert.ok(Math.abs(sd - 0.5) < 0.01, `sd ${sd}`); // SE of the sd estimate ≈ 0.0025
  assert.equal(out.y, y);
  assert.throws(() => train.gaussianNoise({ std: 0 }), ValueError);
});

test('mixup: rows are convex combinations with one λ; soft labels mix the same way', () => {
  const x = new Tensor(Float32Array.from({ length: 8 }, (_, i) => i), [4, 2]);
  const y = new Tensor(Float32Array.of(0, 1, 0, 1), [4, 1]);
  const out = train.mixup({ alpha: 0.4 })(x, y, g());
  for (let r = 0; r < 4; r++) {
    const yv = out.y.data[r]!;
    assert.ok(yv >= 0 && yv <= 1);
    // x rows are [2k, 2k+1]: the mix keeps the difference of 1 between the two columns.
    assert.ok(Math.abs(out.x.data[2 * r + 1]! - out.x.data[2 * r]! - 1) < 1e-5);
  }
  const total = (t: Tensor): number => t.data.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(total(out.x) - total(x)) < 1e-4, 'a permutation mix preserves the column sums');
});

test('mixup λ ~ Beta(α, α): first two moments match (seeded, 4,000 batches)', () => {
  // Rows [0] and [1]: when the permutation swaps them row 0 becomes 1 − λ, else it stays 0.
  // So E[row0] = ½·E[1−λ] = 0.25 and E[row0²] = ½·(Var λ + ¼) = ½·(1/(4(2α+1)) + ¼) = 0.1875 for α = 0.5.
  const gen = new Generator(9);
  const x = new Tensor(Float32Array.of(0, 1), [2, 1]);
  let m1 = 0;
  let m2 = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const v = train.mixup({ alpha: 0.5 })(x, x, gen).x.data[0]!;
    m1 += v / n;
    m2 += (v * v) / n;
  }
  // SE of m1 ≈ 0.0056 and of m2 ≈ 0.004; tolerances are about 4.5 SE.
  assert.ok(Math.abs(m1 - 0.25) < 0.025, `E[row0] ${m1}`);
  assert.ok(Math.abs(m2 - 0.1875) < 0.018, `E[row0²] ${m2}`);
});

test('randomHorizontalFlip: p = 1 mirrors every row; p = 0 is the identity', () => {
  const x = new Tensor(Float32Array.from({ length: 2 * 1 * 2 * 3 }, (_, i) => i), [2, 1, 2, 3]);
  const flipped = train.randomHorizontalFlip({ p: 1 })(x, x, g()).x;
  assert.deepEqual(Array.from(flipped.data.subarray(0, 6)), [2, 1, 0, 5, 4, 3]);
  assert.deepEqual(train.randomHorizontalFlip({ p: 0 })(x, x, g()).x.data, x.data);
  assert.throws(() => train.randomHorizontalFlip({ p: 2 }), /p must be in \[0, 1\]/);
});

test('randomCrop: output keeps the shape; every value comes from the image or the zero padding', () => {
  const x = new Tensor(Float32Array.from({ length: 3 * 2 * 8 * 8 }, (_, i) => i + 1), [3, 2, 8, 8]);
  const out = train.randomCrop({ padding: 2 })(x, x, g()).x;
  assert.deepEqual(out.shape, x.shape);
  const values = new Set(x.data);
  assert.ok(out.data.every((v) => v === 0 || values.has(v)));
  assert.throws(() => train.randomCrop({ padding: 0 }), ValueError);
});

test('intensityJitter: per-image affine change within the stated bounds; shape errors named', () => {
  const x = new Tensor(Float32Array.from({ length: 4 * 3 * 4 * 4 }, (_, i) => (i % 7) / 7), [4, 3, 4, 4]);
  const out = train.intensityJitter({ brightness: 0.2, contrast: 0.1 })(x, x, g()).x;
  for (let i = 0; i < 4; i++) {
    const a = x.data.subarray(i * 48, (i + 1) * 48);
    const b = out.data.subarray(i * 48, (i + 1) * 48);
    const ma = a.reduce((s, v) => s + v, 0) / 48;
    const mb = b.reduce((s, v) => s + v, 0) / 48;
    assert.ok(Math.abs(mb - ma) <= 0.2 + 1e-5);
  }
  assert.throws(() => train.intensityJitter()(new Tensor(new Float32Array(4), [2, 2]), x, g()), /expects images \[N, C, H, W\]/);
});

test('class weights: posWeight = negatives/positives; balanced weights as scikit-learn', () => {
  assert.equal(train.posWeightFromPrevalence([0, 0, 0, 1]), 3);
  assert.deepEqual(train.balancedClassWeights([0, 0, 1]), [0.75, 1.5]);
  assert.throws(() => train.posWeightFromPrevalence([0, 0]), /both classes must be present/);
  assert.throws(() => train.posWeightFromPrevalence([0, 2]), /labels must be 0 or 1/);
});
