// The seed's two models (regularisation-interview-qa.txt), built from clinreg's nn with PyTorch's
// state-dict keys (`net.0.weight`, `backbone.1.running_mean`, `head.2.bias`, …), and the
// comparison helper of the parity tests.
import assert from 'node:assert/strict';
import { nn, type Tensor } from '../../src/index.js';

/** RegularisedClinicalMLP: 20→128→BN→ReLU→Dropout(.4)→64→BN→ReLU→Dropout(.3)→1. */
export class RegularisedClinicalMLP extends nn.Module {
  declare readonly net: nn.Sequential;
  constructor(nFeatures = 20, dropout: readonly [number, number] = [0.4, 0.3]) {
    super();
    this.registerModule('net', new nn.Sequential(
      new nn.Linear(nFeatures, 128),
      new nn.BatchNorm1d(128),
      new nn.ReLU(),
      new nn.Dropout(dropout[0]),
      new nn.Linear(128, 64),
      new nn.BatchNorm1d(64),
      new nn.ReLU(),
      new nn.Dropout(dropout[1]),
      new nn.Linear(64, 1),
    ));
  }

  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** Largest |a − b| / (atol + rtol·|b|); ≤ 1 means within tolerance (NaN fails). */
export function worstRatio(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): number {
  assert.equal(actual.length, expected.length, 'lengths differ');
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const r = Math.abs(actual[i]! - expected[i]!) / (atol + rtol * Math.abs(expected[i]!));
    if (!(r <= worst)) worst = r;
  }
  return worst;
}

/** Assert `actual` matches `expected` (shape and values) to rtol 1e-5, atol 1e-6 by default. */
export function assertClose(actual: Tensor, expected: Tensor, label: string, rtol = 1e-5, atol = 1e-6): void {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  const r = worstRatio(actual.data, expected.data, rtol, atol);
  assert.ok(r <= 1, `${label}: off by ${r.toFixed(2)}× the tolerance (rtol ${rtol}, atol ${atol})`);
}

/** A fixture file under test/fixtures/parity/. */
export function fixturePath(name: string): string {
  return new URL(`../fixtures/parity/${name}`, import.meta.url).pathname;
}
