import { ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';

/**
 * L1 penalty `λ·Σ|w|` over every element of `params`, as a scalar Tensor to add to the loss
 * (lasso; drives weights to exactly zero). Gradient λ·sign(w), 0 at w = 0 (PyTorch's `abs`).
 * @param params tensors, e.g. `model.parameters()` (filter out biases to leave them unpenalised).
 * @param lambda strength λ ≥ 0.
 * @throws ValueError for a negative or non-finite λ.
 * @example const loss = bce.forward(y, t).add(nn.l1Penalty(model.parameters(), 1e-4));
 */
export function l1Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty(params, lambda, 'l1Penalty', Math.abs, (w) => Math.sign(w));
}

/**
 * L2 penalty `λ·Σw²` (no ½) over every element of `params`, as a scalar Tensor (ridge). Its
 * gradient is 2λ·w, so adding it to the loss equals coupled weight decay (SGD/Adam
 * `weightDecay`) of 2λ; AdamW's decoupled decay is not a loss term at all.
 * @param params tensors, e.g. `model.parameters()`.
 * @param lambda strength λ ≥ 0.
 * @throws ValueError for a negative or non-finite λ.
 * @example const loss = bce.forward(y, t).add(nn.l2Penalty(model.parameters(), 5e-5));
 */
export function l2Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty(params, lambda, 'l2Penalty', (w) => w * w, (w) => 2 * w);
}

function penalty(params: Iterable<Tensor>, lambda: number, who: string, f: (w: number) => number, df: (w: number) => number): Tensor {
  if (!(Number.isFinite(lambda) && lambda >= 0)) {
    throw new ValueError(`${who}: lambda must be a finite number ≥ 0. Received: lambda=${lambda}.`);
  }
  const list = [...params];
  let s = 0;
  for (const p of list) {
    const d = p.data;
    for (let i = 0; i < d.length; i++) s += f(d[i]!);
  }
  const out = Float32Array.of(lambda * s);
  if (!needsGrad(...list)) return new Tensor(out, []);
  return new Tensor(out, [], true, {
    name: who === 'l1Penalty' ? 'L1PenaltyBackward' : 'L2PenaltyBackward',
    inputs: list,
    backward: (g) => list.map((p) => {
      if (!p.requiresGrad) return null;
      const c = g[0]! * lambda;
      const gp = new Float32Array(p.size);
      for (let i = 0; i < gp.length; i++) gp[i] = c * df(p.data[i]!);
      return gp;
    }),
  });
}
