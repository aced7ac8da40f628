import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { allocFloat32 } from '../storage.js';

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
  const out = allocFloat32(x.size); // every forward writes each element: no zero-fill
  forward(x.data, out);
  if (!needsGrad(x)) return new Tensor(out, x.shape);
  // Backward reads the output through its tensor: a disposed output throws instead of being read.
  const y: Tensor = new Tensor(out, x.shape, true, {
    name,
    inputs: [x],
    backward: (g) => [backward(g, x.data, y.data)],
  });
  return y;
}
