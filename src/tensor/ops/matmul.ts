import { ShapeError } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { broadcastShapes, formatShape, sizeOf } from '../shape.js';
import { broadcastIndex } from './binary.js';
import { viewAs } from './reshape.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Matrix product with PyTorch's `torch.matmul` semantics for rank ≥ 2: `[..., m, k] @ [..., k, n]`
 * → `[..., m, n]`, batch dimensions broadcast. A 1-D right operand `[k]` is a vector (→ `[..., m]`).
 * Gradients: dA = dC·Bᵀ, dB = Aᵀ·dC, summed over broadcast batch dimensions.
 * @throws ShapeError when inner dimensions differ or an operand is a scalar / 1-D on the left.
 * @example matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); // [[11]]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (b.ndim === 1) {
    const out = matmul(a, viewAs(b, [b.shape[0]!, 1], 'ViewBackward'));
    return viewAs(out, out.shape.slice(0, -1), 'ViewBackward');
  }
  if (a.ndim < 2 || b.ndim < 2) {
    throw new ShapeError(`matmul: both operands need rank ≥ 2 (a 1-D right operand is allowed). Received: ${formatShape(a.shape)} @ ${formatShape(b.shape)}.`);
  }
  const m = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const k2 = b.shape[b.ndim - 2]!;
  const n = b.shape[b.ndim - 1]!;
  if (k !== k2) {
    throw new ShapeError(`matmul: inner dimensions differ (${k} vs ${k2}). Received: ${formatShape(a.shape)} @ ${formatShape(b.shape)}.`);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB, 'matmul');
  const nBatch = sizeOf(batch);
  const idxA = batchA.length === batch.length && sizeOf(batchA) === nBatch ? null : broadcastIndex(batch, batchA);
  const idxB = batchB.length === batch.length && sizeOf(batchB) === nBatch ? null : broadcastIndex(batch, batchB);
  const out = allocZeroedFloat32(nBatch * m * n);
  const kern = kernels();
  for (let t = 0; t < nBatch; t++) {
    const ia = idxA === null ? t : idxA[t]!;
    const ib = idxB === null ? t : idxB[t]!;
    kern.gemm(false, false, m, n, k, view(a.data, ia, m * k), view(b.data, ib, k * n), view(out, t, m * n), false);
  }
  const shape = [...batch, m, n];
  if (!needsGrad(a, b)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'MmBackward',
    inputs: [a, b],
    backward: (g) => {
      const ga = a.requiresGrad ? allocZeroedFloat32(a.size) : null;
      const gb = b.requiresGrad ? allocZeroedFloat32(b.size) : null;
      for (let t = 0; t < nBatch; t++) {
        const ia = idxA === null ? t : idxA[t]!;
        const ib = idxB === null ? t : idxB[t]!;
        const gt = view(g, t, m * n);
        // Accumulate so broadcast batch entries sum into the same slice.
        if (ga !== null) kern.gemm(false, true, m, k, n, gt, view(b.data, ib, k * n), view(ga, ia, m * k), true);
        if (gb !== null) kern.gemm(true, false, k, n, m, view(a.data, ia, m * k), gt, view(gb, ib, k * n), true);
      }
      return [ga, gb];
    },
  });
}

function view(data: Float32Array, index: number, size: number): Float32Array {
  return data.length === size ? data : data.subarray(index * size, (index + 1) * size);
}
