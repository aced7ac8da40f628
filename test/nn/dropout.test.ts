import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, ones, randn, getGenerator, Generator, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { caught } from './fixture.js';

// Seeded statistical test. With n = 100 000 elements the zero fraction has standard deviation
// √(p(1−p)/n) ≈ 0.0015 at p = 0.4 and the output mean (input all ones) √(p/((1−p)n)) ≈ 0.0026;
// the tolerances below are 5 standard deviations (two-sided false-alarm rate ≈ 6e-7 per check).
const N = 100_000;

test('Dropout in training zeroes a fraction ≈ p and preserves the mean (inverted scaling)', () => {
  for (const p of [0.1, 0.4, 0.7]) {
    manualSeed(11);
    const d = new nn.Dropout(p);
    const y = d.forward(ones([N]));
    let zeros = 0;
    let sum = 0;
    for (const v of y.data) {
      if (v === 0) zeros++;
      else assert.ok(Math.abs(v - 1 / (1 - p)) < 1e-6, `kept value ${v}`);
      sum += v;
    }
    const sdZero = Math.sqrt((p * (1 - p)) / N);
    const sdMean = Math.sqrt(p / ((1 - p) * N));
    assert.ok(Math.abs(zeros / N - p) < 5 * sdZero, `p=${p}: zero fraction ${zeros / N}`);
    assert.ok(Math.abs(sum / N - 1) < 5 * sdMean, `p=${p}: mean ${sum / N}`);
  }
});

test('Dropout is seeded: same seed same mask, successive calls differ', () => {
  manualSeed(5);
  const a = new nn.Dropout(0.5).forward(ones([64]));
  const b = new nn.Dropout(0.5).forward(ones([64]));
  manualSeed(5);
  const c = new nn.Dropout(0.5).forward(ones([64]));
  assert.deepEqual([...a.data], [...c.data]);
  assert.notDeepEqual([...a.data], [...b.data]);
});

test('Dropout in eval mode (and with p = 0) is the identity and draws nothing', () => {
  const x = randn([8, 4]);
  const d = new nn.Dropout(0.5);
  d.eval();
  assert.equal(d.training, false);
  manualSeed(1);
  const before = getGenerator().nextUint32();
  manualSeed(1);
  assert.equal(d.forward(x), x);
  assert.equal(new nn.Dropout(0).forward(x), x);
  assert.equal(getGenerator().nextUint32(), before, 'no draw was taken');
  d.train();
  assert.notEqual(d.forward(x), x);
});

test('Dropout gradient is the mask times 1/(1-p)', () => {
  manualSeed(2);
  const x = randn([200], { requiresGrad: true });
  const y = nn.functional.dropout(x, 0.3);
  y.backward(ones([200]));
  for (let i = 0; i < 200; i++) {
    const expected = y.data[i] === 0 ? 0 : 1 / 0.7;
    assert.ok(Math.abs(x.grad!.data[i]! - expected) < 1e-6);
  }
});

test('functional.dropout with a fixed mask (a fresh generator per call) matches finite differences', () => {
  manualSeed(3);
  gradcheck((v) => nn.functional.dropout(v, 0.4, { generator: new Generator(42) }), [randn([30], { requiresGrad: true })]);
});

test('Dropout rejects p outside [0, 1) with a ValueError naming p (never clamps)', () => {
  for (const p of [1.2, 1, -0.1, Number.NaN]) {
    const e = caught(() => new nn.Dropout(p));
    assert.ok(e instanceof ValueError);
    assert.equal(e.code, 'E_VALUE');
    assert.equal(e.message, `Dropout: p must be in [0, 1). Received: p=${p}.`);
  }
  assert.throws(() => nn.functional.dropout(ones([2]), 1.5), /dropout: p must be in \[0, 1\)\. Received: p=1\.5\./);
});

test('dropout keeps element i exactly when the i-th random() of the stream is ≥ p, across the 16,384-element chunks of drawn bits', () => {
  for (const n of [10, 16384, 40000]) {
    manualSeed(21);
    const y = new nn.Dropout(0.3).forward(ones([n]));
    const twin = new Generator(21);
    for (let i = 0; i < n; i++) {
      const expected = twin.random() >= 0.3 ? 1 / 0.7 : 0;
      if (Math.abs(y.data[i]! - expected) > 1e-6) assert.fail(`n ${n}, element ${i}: ${y.data[i]} against ${expected}`);
    }
    assert.equal(getGenerator().nextUint32(), twin.nextUint32(), `n ${n}: one draw per element`);
  }
});
