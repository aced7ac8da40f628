// Finite-difference gradient check shared by the op and layer tests.
import assert from 'node:assert/strict';
import { Generator, Tensor, mul, noGrad, sum } from '../../src/index.js';

export interface GradcheckOptions {
  /** Step of the central difference. Float32 forward passes want ~1e-2..1e-3. */
  eps?: number;
  /** Allowed |analytic − numeric| ≤ atol + rtol·|numeric|. */
  atol?: number;
  rtol?: number;
  seed?: number;
}

/**
 * Checks the analytic gradients of `fn` with respect to every input that requires grad against
 * central differences of L = Σ fn(inputs) · w, with w a fixed random weight (so a wrong
 * gradient cannot hide behind a uniform one).
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): void {
  const { eps = 1e-2, atol = 2e-3, rtol = 2e-2, seed = 99 } = options;
  const g = new Generator(seed);
  const out0 = noGrad(() => fn(...inputs));
  const w = new Tensor(Float32Array.from({ length: out0.size }, () => g.normal()), out0.shape);
  const loss = (): number => noGrad(() => {
    const y = fn(...inputs);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i]! * w.data[i]!;
    return s;
  });
  for (const x of inputs) x.grad = null;
  sum(mul(fn(...inputs), w)).backward();
  inputs.forEach((x, k) => {
    if (!x.requiresGrad) return;
    assert.ok(x.grad !== null, `input ${k}: no gradient`);
    for (let i = 0; i < x.size; i++) {
      const orig = x.data[i]!;
      x.data[i] = orig + eps;
      const lp = loss();
      x.data[i] = orig - eps;
      const lm = loss();
      x.data[i] = orig;
      const numeric = (lp - lm) / (2 * eps);
      const analytic = x.grad.data[i]!;
      assert.ok(
        Math.abs(analytic - numeric) <= atol + rtol * Math.abs(numeric),
        `input ${k} element ${i}: analytic ${analytic} vs numeric ${numeric}`,
      );
    }
  });
}

/** Assert two arrays are elementwise close: |a − b| ≤ atol + rtol·|b|. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-6, what = 'value'): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    assert.ok(Math.abs(a - b) <= atol + rtol * Math.abs(b), `${what}[${i}]: ${a} vs expected ${b}`);
  }
}
