// Replays the optimizer cases of test/fixtures/optim/optimizers.json (made by
// scripts/gen-optim-fixtures.py with PyTorch 1.13) through clinreg's optimizers.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { Tensor, optim } from '../../src/index.js';

interface ParamSpec { shape: number[]; init: number[]; h: number[]; t: number[] }
type Options = Record<string, number | boolean | number[]>;
export interface OptimCase {
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: Options;
  groups: (Options & { params: string[] })[] | null;
  steps: number;
  trajectory: Record<string, number[]>[];
}
interface Fixture { problem: Record<string, ParamSpec>; cases: OptimCase[] }

export const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/optim/optimizers.json', import.meta.url), 'utf8'),
) as Fixture;

/** Fresh parameters w1, w2, w3 at the fixture's initial values. */
export function makeParams(): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, spec] of Object.entries(fixture.problem)) {
    out[name] = new Tensor(Float32Array.from(spec.init), spec.shape, true);
  }
  return out;
}

/** Set grad = h ⊙ (w − t) in float32 for w1 and w2 (w3 gets none), as the generator does. */
export function setGrads(params: Record<string, Tensor>): void {
  for (const name of ['w1', 'w2']) {
    const p = params[name]!;
    const { h, t } = fixture.problem[name]!;
    const g = new Float32Array(p.size);
    for (let i = 0; i < g.length; i++) g[i] = Math.fround(h[i]! * Math.fround(p.data[i]! - t[i]!));
    p.grad = new Tensor(g, p.shape);
  }
}

/** Build the case's optimizer over `params`. */
export function makeOptimizer(c: OptimCase, params: Record<string, Tensor>): optim.Optimizer {
  const ctor = { SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW }[c.optimizer] as unknown as new (
    p: unknown,
    o: Options,
  ) => optim.Optimizer;
  const input = c.groups === null
    ? Object.values(params)
    : c.groups.map(({ params: names, ...rest }) => ({ ...rest, params: names.map((n) => params[n]!) }));
  return new ctor(input, c.options);
}

/** Largest |a − b| / (atol + rtol·|b|) over the arrays; ≤ 1 means within tolerance. */
export function worstRatio(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): number {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const r = Math.abs(actual[i]! - expected[i]!) / (atol + rtol * Math.abs(expected[i]!));
    if (!(r <= worst)) worst = r; // NaN propagates as a failure
  }
  return worst;
}

/**
 * Run a case step by step and assert every parameter after every step. The optimizers replay
 * PyTorch's float32 operation order, so on these fixtures they agree bit for bit (`exact`);
 * the project's contract is 1e-5 relative, checked as well.
 */
export function replay(c: OptimCase, exact = true, rtol = 1e-5, atol = 1e-6): void {
  const params = makeParams();
  const opt = makeOptimizer(c, params);
  const w3Before = Array.from(params['w3']!.data);
  c.trajectory.forEach((expected, step) => {
    opt.zeroGrad();
    setGrads(params);
    opt.step();
    for (const [name, values] of Object.entries(expected)) {
      const r = worstRatio(params[name]!.data, values, rtol, atol);
      assert.ok(r <= 1, `${c.optimizer} ${JSON.stringify(c.options)} step ${step + 1} ${name}: off by ${r.toFixed(2)}× the tolerance`);
      if (exact) assert.deepEqual(Array.from(params[name]!.data), values, `${c.optimizer} step ${step + 1} ${name}: not bit-identical to PyTorch`);
    }
  });
  assert.deepEqual(Array.from(params['w3']!.data), w3Before, 'a parameter without a gradient must not move');
  assert.equal(opt.state.has(params['w3']!), false);
}
