// Proof (1a): the seed's RegularisedClinicalMLP with PyTorch 1.13 weights, read from safetensors and
// loaded with loadStateDict unchanged, gives PyTorch's eval-mode outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, noGrad } from '../../src/index.js';
import { RegularisedClinicalMLP, assertClose, fixturePath } from './seed-models.js';

test('RegularisedClinicalMLP: PyTorch state_dict keys load unchanged (strict) and eval outputs match to 1e-5', () => {
  const weights = io.readSafetensors(fixturePath('mlp-weights.safetensors'));
  const model = new RegularisedClinicalMLP();
  assert.deepEqual([...weights.keys()], [...model.stateDict().keys()], 'same keys in the same order as PyTorch');
  const result = model.loadStateDict(weights);
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  assert.equal(model.net.at(1).stateDict().get('num_batches_tracked')!.item(), 3, 'I64 num_batches_tracked loaded');
  model.eval();
  const io_ = io.readSafetensors(fixturePath('mlp-eval.safetensors'));
  const out = noGrad(() => model.forward(io_.get('x')!));
  assertClose(out, io_.get('out')!, 'MLP eval output');
  // Eval is deterministic and leaves the running statistics alone.
  const again = noGrad(() => model.forward(io_.get('x')!));
  assert.deepEqual(Array.from(again.data), Array.from(out.data));
  assert.deepEqual(Array.from(model.stateDict().get('net.1.running_mean')!.data), Array.from(weights.get('net.1.running_mean')!.data));
});

test('RegularisedClinicalMLP: the weights survive writeSafetensors → readSafetensors bit for bit', () => {
  const model = new RegularisedClinicalMLP();
  model.loadStateDict(io.readSafetensors(fixturePath('mlp-weights.safetensors')));
  const bytes = io.writeSafetensors(null, model.stateDict(), { format: 'pt' });
  const back = io.readSafetensors(bytes);
  const fresh = new RegularisedClinicalMLP();
  fresh.loadStateDict(back);
  for (const [k, t] of model.stateDict()) assert.deepEqual(Array.from(fresh.stateDict().get(k)!.data), Array.from(t.data), k);
});
