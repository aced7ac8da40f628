import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, ValueError } from '../../src/index.js';
import { caught } from './fixture.js';

test('Sequential applies its modules in order; children named 0, 1, …; at/length/iteration/append', () => {
  const lin = new nn.Linear(2, 2);
  lin.weight.data.set([1, 0, 0, -1]);
  lin.bias!.data.set([0, 0]);
  const seq = new nn.Sequential(lin, new nn.ReLU());
  assert.deepEqual([...seq.forward(tensor([[3, 4]])).data], [3, 0]);
  assert.deepEqual([...seq.namedChildren()].map(([n]) => n), ['0', '1']);
  assert.equal(seq.length, 2);
  assert.equal(seq.at(0), lin);
  assert.ok(seq.at(-1) instanceof nn.ReLU);
  seq.append(new nn.Identity());
  assert.deepEqual([...seq].map((m) => m.constructor.name), ['Linear', 'ReLU', 'Identity']);
  assert.deepEqual([...seq.stateDict().keys()], ['0.weight', '0.bias']);
  assert.equal(seq.toString(), 'Sequential(\n  (0): Linear(in_features=2, out_features=2, bias=true)\n  (1): ReLU()\n  (2): Identity()\n)');
});

test('Sequential.at out of range is a ValueError naming the valid range', () => {
  const e = caught(() => new nn.Sequential(new nn.ReLU()).at(3));
  assert.ok(e instanceof ValueError);
  assert.equal(e.code, 'E_VALUE');
  assert.equal(e.message, 'Sequential.at: index must be an integer in [-1, 0]. Received: index=3.');
});
