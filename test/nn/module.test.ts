import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, tensor, zeros, noGrad, ShapeError, ValueError, type Tensor } from '../../src/index.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from './fixture.js';

interface ModelDescription {
  keys: string[];
  shapes: number[][];
  parameterNames: string[];
  bufferNames: string[];
  parameterCount: number;
}
interface SmallMlp {
  state: Record<string, TensorJson>;
  x: TensorJson;
  evalOut: TensorJson;
  target: TensorJson;
  posWeight: number;
  trainLoss: TensorJson;
  grads: Record<string, TensorJson>;
  stateAfter: Record<string, TensorJson>;
}
const models = loadFixture<{ mlp: ModelDescription; cnn: ModelDescription; smallMlp: SmallMlp }>('models');

/** The seed's RegularisedClinicalMLP, written the clinreg way. */
class RegularisedClinicalMLP extends nn.Module {
  readonly net: nn.Sequential;
  constructor(nFeatures = 20) {
    super();
    this.net = this.registerModule('net', new nn.Sequential(
      new nn.Linear(nFeatures, 128), new nn.BatchNorm1d(128), new nn.ReLU(), new nn.Dropout(0.4),
      new nn.Linear(128, 64), new nn.BatchNorm1d(64), new nn.ReLU(), new nn.Dropout(0.3),
      new nn.Linear(64, 1),
    ));
  }
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** The seed's WellDesignedCNN. */
class WellDesignedCNN extends nn.Module {
  readonly backbone: nn.Sequential;
  readonly head: nn.Sequential;
  constructor(nClasses: number) {
    super();
    this.backbone = this.registerModule('backbone', new nn.Sequential(
      new nn.Conv2d(3, 64, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(64), new nn.ReLU(),
      new nn.Conv2d(64, 128, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(128), new nn.ReLU(),
      new nn.AdaptiveAvgPool2d(1),
    ));
    this.head = this.registerModule('head', new nn.Sequential(new nn.Flatten(), new nn.Dropout(0.5), new nn.Linear(128, nClasses)));
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.backbone.forward(x));
  }
}

function describe(m: nn.AnyModule): ModelDescription {
  const sd = m.stateDict();
  return {
    keys: [...sd.keys()],
    shapes: [...sd.values()].map((v) => [...v.shape]),
    parameterNames: [...m.namedParameters()].map(([n]) => n),
    bufferNames: [...m.namedBuffers()].map(([n]) => n),
    parameterCount: m.parameters().reduce((s, p) => s + p.size, 0),
  };
}

test("RegularisedClinicalMLP: state-dict keys, shapes, names and 11,393 parameters equal PyTorch's", () => {
  const got = describe(new RegularisedClinicalMLP());
  assert.deepEqual(got, models.mlp);
  assert.equal(got.parameterCount, 11393);
});

test("WellDesignedCNN(3): state-dict keys, shapes and names equal PyTorch's; a 2×3×8×8 batch gives [2, 3]", () => {
  const cnn = new WellDesignedCNN(3);
  assert.deepEqual(describe(cnn), models.cnn);
  assert.deepEqual(noGrad(() => cnn.forward(zeros([2, 3, 8, 8]))).shape, [2, 3]);
});

test('Sequential of Linear/BatchNorm1d/ReLU/Dropout loaded from a PyTorch state dict gives PyTorch eval output and training step', () => {
  const s = models.smallMlp;
  const net = new nn.Sequential(new nn.Linear(5, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Dropout(0), new nn.Linear(8, 1));
  const sd = Object.fromEntries(Object.entries(s.state).map(([k, v]) => [k, t(v)]));
  assert.deepEqual(net.loadStateDict(sd), { missingKeys: [], unexpectedKeys: [] });
  net.eval();
  assertTensor(noGrad(() => net.forward(t(s.x))), s.evalOut, 'eval output');
  net.train();
  const loss = new nn.BCEWithLogitsLoss({ posWeight: tensor([s.posWeight]) }).forward(net.forward(t(s.x)), t(s.target));
  assertTensor(loss, s.trainLoss, 'training loss');
  loss.backward();
  for (const [name, p] of net.namedParameters()) assertTensor(p.grad, s.grads[name]!, `grad ${name}`);
  for (const [key, v] of net.stateDict()) assertTensor(v, s.stateAfter[key]!, `state ${key}`);
});

test('train/eval recurse; modules, namedModules, children, apply', () => {
  const model = new RegularisedClinicalMLP();
  assert.equal(model.training, true);
  model.eval();
  assert.ok(model.modules().every((m) => !m.training));
  assert.equal(model.train(), model);
  assert.ok(model.modules().every((m) => m.training));
  assert.deepEqual([...model.namedModules()].map(([n]) => n), ['', 'net', ...Array.from({ length: 9 }, (_, i) => `net.${i}`)]);
  assert.equal(model.children().length, 1);
  assert.equal(model.net.length, 9);
  assert.ok(model.net.at(-1) instanceof nn.Linear);
  const seen: string[] = [];
  model.apply((m) => seen.push(m.constructor.name));
  assert.equal(seen[seen.length - 1], 'RegularisedClinicalMLP');
  assert.equal(seen.filter((n) => n === 'Linear').length, 3);
});

test('stateDict shares storage (detached); loadStateDict copies in place and keeps tensor identity', () => {
  const a = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
  const b = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
  const sd = a.stateDict();
  assert.equal(sd.get('0.weight')!.data, a.at(0).parameters()[0]!.data);
  assert.equal(sd.get('0.weight')!.requiresGrad, false);
  const w = (b.at(0) as nn.Linear).weight;
  b.loadStateDict(sd);
  assert.equal((b.at(0) as nn.Linear).weight, w, 'same tensor object');
  assert.deepEqual([...w.data], [...(a.at(0) as nn.Linear).weight.data]);
  assert.notEqual(w.data, (a.at(0) as nn.Linear).weight.data, 'copied, not aliased');
});

test("liveState: stateDict's keys in its order, each the module's own tensor (not a detached copy)", () => {
  const m = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2), new nn.Sequential(new nn.Linear(2, 1)));
  const live = m.liveState();
  assert.deepEqual([...live.keys()], [...m.stateDict().keys()]);
  const bn = m.at(1) as nn.BatchNorm1d;
  assert.equal(live.get('0.weight'), (m.at(0) as nn.Linear).weight);
  assert.equal(live.get('0.weight')!.requiresGrad, true);
  assert.equal(live.get('1.running_mean'), bn.running_mean);
  assert.equal(live.get('2.0.bias'), ((m.at(2) as nn.Sequential).at(0) as nn.Linear).bias);
});

test('loadStateDict: shape mismatch → ShapeError naming key and shapes; strict key mismatch → ValueError listing keys; strict false', () => {
  const m = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
  const sd = m.stateDict();
  const bad = new Map(sd);
  bad.set('0.weight', zeros([2, 4]));
  const e = caught(() => m.loadStateDict(bad));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.match(e.message, /size mismatch for '0\.weight': the checkpoint has shape \[2, 4\], the module expects \[2, 3\]/);
  const partial = new Map(sd);
  partial.delete('1.running_var');
  partial.set('2.weight', zeros([1]));
  const before = [...(m.at(0) as nn.Linear).weight.data];
  const v = caught(() => m.loadStateDict(new Map([...partial].map(([k, x]) => [k, k === '0.weight' ? zeros([2, 3]) : x]))));
  assert.ok(v instanceof ValueError);
  assert.equal(v.code, 'E_VALUE');
  assert.match(v.message, /missing keys: '1\.running_var'; unexpected keys: '2\.weight'/);
  assert.deepEqual([...(m.at(0) as nn.Linear).weight.data], before, 'nothing copied when strict fails');
  assert.deepEqual(m.loadStateDict(partial, { strict: false }), { missingKeys: ['1.running_var'], unexpectedKeys: ['2.weight'] });
});

test('registration: reassigning a registered child replaces it; duplicate or dotted names are ValueErrors', () => {
  class Net extends nn.Module {
    fc: nn.Linear;
    constructor() {
      super();
      this.fc = this.registerModule('fc', new nn.Linear(4, 2));
    }
    forward(x: Tensor): Tensor {
      return this.fc.forward(x);
    }
  }
  const net = new Net();
  assert.deepEqual([...net.stateDict().keys()], ['fc.weight', 'fc.bias']);
  net.fc = new nn.Linear(4, 3, { bias: false });
  assert.deepEqual([...net.stateDict().keys()], ['fc.weight']);
  assert.deepEqual(net.stateDict().get('fc.weight')!.shape, [3, 4]);
  assert.throws(() => net.registerModule('fc', new nn.ReLU()), ValueError);
  assert.throws(() => net.registerParameter('a.b', zeros([1])), /contain no '\.'/);
  assert.throws(() => net.registerBuffer('forward', zeros([1])), /already an attribute/);
});

test('zeroGrad fills gradients with zeros (PyTorch 1.13 default) or drops them', () => {
  const lin = new nn.Linear(2, 1);
  lin.forward(tensor([[1, 2]])).sum().backward();
  lin.zeroGrad();
  assert.deepEqual([...lin.weight.grad!.data], [0, 0]);
  lin.zeroGrad(true);
  assert.equal(lin.weight.grad, null);
});
