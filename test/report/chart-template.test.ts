// Lifting a chart structure's numbers into sentinels: signs, order and equality kept, zeros and
// other numbers left alone, and the checks that refuse a template whose sentinels did not come through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillNumbers, liftNumbers, sentinelsIntact } from '../../src/report/chart-template.js';

interface Scale {
  domain: number[];
  domainMax?: number;
  range?: number[];
}
interface Spec {
  width: { step: number };
  height: number;
  layer: { encoding: { x: { field: string; scale: Scale }; y?: { field: string; scale: Scale }; size?: { value: number } } }[];
}

const spec: Spec = {
  width: { step: 49 },
  height: 240,
  layer: [
    { encoding: { x: { field: 'a', scale: { domain: [-0.1, 2.5] } }, y: { field: 'b', scale: { domain: [0, 1], domainMax: 0.95 } } } },
    { encoding: { x: { field: 'c', scale: { domain: [-0.1, 2.5], range: [3, 4] } }, size: { value: 30 } } },
  ],
};

test('liftNumbers: domain entries, domainMin/Max and band steps become sentinels with the numbers’ signs and order; equal numbers share one', () => {
  const { template, values } = liftNumbers(spec as unknown as Record<string, unknown>);
  const t = template as unknown as Spec;
  const y = t.layer[0]!.encoding.y!.scale;
  const [neg, hi] = t.layer[0]!.encoding.x.scale.domain;
  assert.ok(neg! < 0 && hi! > 0 && Math.abs(neg!) < 1e-190 && hi! < 1e-190, JSON.stringify(t));
  assert.deepEqual(t.layer[1]!.encoding.x.scale.domain, t.layer[0]!.encoding.x.scale.domain, 'equal domains stay equal');
  assert.equal(y.domain[0], 0, 'zero stays');
  const lifted = [t.width.step, hi!, y.domain[1]!, y.domainMax!];
  // Positive numbers 0.95 < 1 < 2.5 < 49 keep their order as sentinels.
  assert.deepEqual([...lifted].sort((a, b) => a - b), [y.domainMax, y.domain[1], hi, t.width.step]);
  // Numbers elsewhere are not lifted.
  assert.equal(t.height, 240);
  assert.deepEqual(t.layer[1]!.encoding.x.scale.range, [3, 4]);
  assert.equal(t.layer[1]!.encoding.size!.value, 30);
  assert.equal(values.size, 5);
  assert.deepEqual(fillNumbers(template, values), spec);
  const plain = spec as unknown as Record<string, unknown>;
  // Two data sets of one kind give one template.
  const other = structuredClone(spec);
  other.width.step = 56;
  other.layer[0]!.encoding.x.scale.domain = [-2, 4];
  other.layer[1]!.encoding.x.scale.domain = [-2, 4];
  other.layer[0]!.encoding.y!.scale.domainMax = 0.45;
  assert.equal(JSON.stringify(liftNumbers(other as unknown as Record<string, unknown>).template), JSON.stringify(template));
  assert.equal(JSON.stringify(liftNumbers(plain, 'none').template), JSON.stringify(spec));
});

test('sentinelsIntact: every sentinel as a plain number; none missing, unknown or inside a string', () => {
  const { template, values } = liftNumbers({ scale: { domain: [0.2, 0.8] } });
  const [a, b] = (template as { scale: { domain: number[] } }).scale.domain;
  assert.equal(sentinelsIntact({ scales: [{ domain: [a, b] }] }, values), true);
  assert.equal(sentinelsIntact({ scales: [{ domain: [a, 0.8] }] }, values), false, 'one missing');
  assert.equal(sentinelsIntact({ scales: [{ domain: [a, b, a! + b!] }] }, values), false, 'a number computed from them');
  assert.equal(sentinelsIntact({ scales: [{ domain: [a, b] }], signals: [{ update: `clamp(x, 0, ${String(b)})` }] }, values), false, 'inside an expression');
});
