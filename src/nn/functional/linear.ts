import { ShapeError } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape, sizeOf } from '../../tensor/shape.js';
import { allocFloat32 } from '../../tensor/storage.js';

/**
 * Affine map `y = x·Wᵀ + b` over the last dimension (PyTorch's `F.linear`), fused into one
 * autograd node: one GEMM forward, two GEMMs and a column sum backward.
 * @param x input `[..., inFeatures]`.
 * @param weight `[outFeatures, inFeatures]` (PyTorch's layout).
 * @param bias `[outFeatures]`, or null for none. Default null.
 * @returns `[..., outFeatures]`.
 * @throws ShapeError when the shapes do not fit, naming both.
 * @example linear(tensor([[1, 2]]), tensor([[1, 0], [0, 1], [1, 1]]), tensor([0, 0, 1])).toArray(); // [[1, 2, 4]]
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.ndim !== 2) throw new ShapeError(`linear: weight must be 2-D [out, in]. Received: ${formatShape(weight.shape)}.`);
  const outF = weight.shape[0]!;
  const inF = weight.shape[1]!;
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(`linear: expected input [..., ${inF}] for weight ${formatShape(weight.shape)}. Received: ${formatShape(x.shape)}.`);
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(`linear: bias must have shape [${outF}]. Received: ${formatShape(bias.shape)}.`);
  }
  const rows = sizeOf(x.shape.slice(0, -1));
  const out = allocFloat32(rows * outF); // kernels write every element: no zero-fill
  const kern = kernels();
  kern.linear(rows, outF, inF, x.data, weight.data, bias === null ? null : bias.data, out, false);
  const shape = [...x.shape.slice(0, -1), outF];
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  if (!needsGrad(...inputs)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'LinearBackward',
    inputs,
    backward: (g) => {
      let gx: Float32Array | null = null;
      let gw: Float32Array | null = null;
      let gb: Float32Array | null = null;
      if (x.requiresGrad) {
        gx = allocFloat32(x.size);
        kern.gemm(false, false, rows, inF, outF, g, weight.data, gx, false);
      }
      if (weight.requiresGrad) {
        gw = allocFloat32(weight.size);
        kern.gemm(true, false, outF, inF, rows, g, x.data, gw, false);
      }
      if (bias !== null && bias.requiresGrad) {
        gb = allocFloat32(outF);
        kern.sumRows(rows, outF, g, gb, false);
      }
      return [gx, gw, gb];
    },
  });
}
