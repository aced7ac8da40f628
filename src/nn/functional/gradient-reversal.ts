import { ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';

/**
 * Gradient reversal (Ganin & Lempitsky, 2015, the DANN layer): the identity forward (sharing the
 * data), and −λ·g backward, so the layers before it learn to fool the domain classifier after it.
 * @param x input, any shape. @param lambda reversal strength λ ≥ 0. Default 1.
 * @throws ValueError for a negative or non-finite λ.
 * @example gradientReversal(x, 0.5); // same values; gradient ×(−0.5)
 */
export function gradientReversal(x: Tensor, lambda = 1): Tensor {
  checkLambda(lambda, 'gradientReversal');
  if (!needsGrad(x)) return new Tensor(x.data, x.shape);
  return new Tensor(x.data, x.shape, true, {
    name: 'GradientReversalBackward',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = -lambda * g[i]!;
      return [gx];
    },
  });
}

/** @throws ValueError unless λ is a finite number ≥ 0. */
export function checkLambda(lambda: number, who: string): void {
  if (!(Number.isFinite(lambda) && lambda >= 0)) {
    throw new ValueError(`${who}: lambda must be a finite number ≥ 0. Received: lambda=${lambda}.`);
  }
}
