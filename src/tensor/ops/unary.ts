import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { outputFloat32 } from '../../kernels/buffers.js';

/**
 * Build an elementwise op. `forward` fills `out` from `x`; `backward` returns the input gradient
 * from the output gradient `g`, the input data and the output data.
 */
export function unaryOp(
  name: string,
  x: Tensor,
  forward: (x: Float32Array, out: Float32Array) => void,
  backward: (g: Float32Array, x: Float32Array, out: Float32Array) => Float32Array,
): Tensor {
  const out = outputFloat32(x.size); // every forward writes each element: no zero-fill
  forward(x.data, out);
  if (!needsGrad(x)) return new Tensor(out, x.shape);
  return new Tensor(out, x.shape, true, {
    name,
    inputs: [x],
    backward: (g) => [backward(g, x.data, out)],
  });
}
