// Proof (2): one training step of the seed's MLP (both Dropout p = 0, BCEWithLogitsLoss, AdamW lr 3e-4
// wd 1e-4, batch of 16) from PyTorch 1.13 weights gives PyTorch's loss, every parameter gradient,
// the updated parameters and the updated BatchNorm running statistics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, nn, optim } from '../../src/index.js';
import { RegularisedClinicalMLP, assertClose, fixturePath, worstRatio } from './seed-models.js';

const LR = 3e-4;
const WD = 1e-4;
const EPS = 1e-8;
// Linear biases feeding a training-mode BatchNorm: BatchNorm subtracts the batch mean, so their
// gradient is exactly zero in exact arithmetic and both engines return float32 rounding noise.
const ZERO_GRADIENT = ['net.0.bias', 'net.4.bias'];

/**
 * AdamW's first step moves each weight by −lr·g/(|g| + eps). Where |g| is near eps that map is
 * steep (slope eps/(|g| + eps)²; 1/eps where the two gradients straddle zero), so float32 rounding
 * differences in a near-zero gradient — already shown equal to 1e-5 / 1e-6 — become visible in the
 * update. The allowed difference is 1e-5 relative + 1e-6 absolute plus exactly that propagated
 * gradient difference; returns how many elements needed the propagated term.
 */
function assertUpdateClose(key: string, actual: Float32Array, expected: Float32Array, gOurs: Float32Array, gTorch: Float32Array): number {
  let propagated = 0;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    const base = 1e-6 + 1e-5 * Math.abs(expected[i]!);
    if (diff <= base) continue;
    const a = gOurs[i]!;
    const b = gTorch[i]!;
    const nearest = Math.sign(a) === Math.sign(b) ? Math.min(Math.abs(a), Math.abs(b)) : 0;
    const slope = EPS / (nearest + EPS) ** 2;
    assert.ok(diff <= base + LR * slope * Math.abs(a - b) * 1.01, `${key}[${i}]: updated value ${actual[i]} vs PyTorch ${expected[i]} (grads ${a} vs ${b})`);
    assert.ok(Math.abs(b) < 1e-6, `${key}[${i}]: only near-zero gradients may need the propagated term (grad ${b})`);
    propagated++;
  }
  return propagated;
}

function setUp(): { model: RegularisedClinicalMLP; ref: io.SafetensorsMap; before: Map<string, Float32Array> } {
  const model = new RegularisedClinicalMLP(20, [0, 0]);
  model.loadStateDict(io.readSafetensors(fixturePath('mlp-weights.safetensors')));
  const before = new Map([...model.stateDict()].map(([k, t]) => [k, t.data.slice()] as [string, Float32Array]));
  return { model, ref: io.readSafetensors(fixturePath('mlp-train-step.safetensors')), before };
}

test('MLP training step: loss, every gradient, updated parameters and BatchNorm running stats match PyTorch', () => {
  const { model, ref, before } = setUp();
  assert.equal(ref.metadata['optimizer'], 'AdamW');
  model.train();
  const opt = new optim.AdamW(model.parameters(), { lr: LR, weightDecay: WD });
  opt.zeroGrad();
  const loss = new nn.BCEWithLogitsLoss().forward(model.forward(ref.get('x')!), ref.get('y')!);
  assertClose(loss, ref.get('loss')!, 'loss');
  loss.backward();
  const names = [...model.namedParameters()].map(([n]) => n);
  assert.equal(names.length, 10); // 3 Linear (weight, bias) + 2 BatchNorm (weight, bias)
  const grads = new Map<string, Float32Array>();
  for (const [name, p] of model.namedParameters()) {
    assert.ok(p.grad !== null, `${name} has a gradient`);
    assertClose(p.grad, ref.get(`grad.${name}`)!, `grad ${name}`);
    grads.set(name, p.grad.data.slice());
  }
  for (const name of ZERO_GRADIENT) {
    for (const g of [grads.get(name)!, ref.get(`grad.${name}`)!.data]) assert.ok(g.every((v) => Math.abs(v) < 1e-7), `${name}: gradient is rounding noise`);
  }
  opt.step();
  let propagated = 0;
  let total = 0;
  for (const [key, t] of model.stateDict()) {
    const expected = ref.get(`after.${key}`)!;
    const g = grads.get(key);
    if (g === undefined) {
      assertClose(t, expected, `after step: ${key}`); // running statistics and num_batches_tracked
    } else {
      assert.deepEqual(t.shape, expected.shape);
      const n = assertUpdateClose(key, t.data, expected.data, g, ref.get(`grad.${key}`)!.data);
      if (!ZERO_GRADIENT.includes(key)) {
        propagated += n;
        total += t.size;
      }
    }
  }
  // Outside the two zero-gradient biases this is a rare edge: a handful of weights in ten thousand.
  assert.ok(propagated <= 10, `${propagated} of ${total} updated weights needed the propagated gradient-noise term`);
  assert.equal(model.stateDict().get('net.5.num_batches_tracked')!.item(), 4);
  // The step changed what it should: every parameter and running statistic moved.
  for (const [key, t] of model.stateDict()) {
    if (!key.endsWith('num_batches_tracked')) assert.ok(worstRatio(t.data, before.get(key)!, 0, 1e-12) > 1, `${key} changed`);
  }
});

test('MLP training step: AdamW fed PyTorch\'s own gradients reproduces PyTorch\'s updated parameters bit for bit, the bias-before-BN ones included', () => {
  const { model, ref } = setUp();
  const opt = new optim.AdamW(model.parameters(), { lr: LR, weightDecay: WD });
  for (const [name, p] of model.namedParameters()) p.grad = ref.get(`grad.${name}`)!.clone();
  opt.step();
  for (const [name, p] of model.namedParameters()) {
    assertClose(p, ref.get(`after.${name}`)!, `after step: ${name}`);
    // Same gradients in, same float32 operation order: the update is bit-identical.
    assert.deepEqual(Array.from(p.data), Array.from(ref.get(`after.${name}`)!.data), `after step: ${name} bit for bit`);
  }
});
