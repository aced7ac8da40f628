import { ShapeError } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape } from '../../tensor/shape.js';
import { pair, type Size2 } from './pair.js';

/**
 * Adaptive 2-D average pooling to a fixed output size (PyTorch's `F.adaptive_avg_pool2d`): output
 * cell (i, j) averages input rows ⌊i·H/Ho⌋ … ⌈(i+1)·H/Ho⌉ − 1 and the matching columns (windows
 * may overlap). Output size 1 is global average pooling.
 * @param x `[N, C, H, W]` or `[C, H, W]`. @param outputSize one number or `[Ho, Wo]`.
 * @throws ValueError for a size below 1; ShapeError for another rank.
 * @example adaptiveAvgPool2d(ones([2, 128, 8, 8]), 1).shape; // [2, 128, 1, 1]
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Size2): Tensor {
  const who = 'adaptiveAvgPool2d';
  const [oh, ow] = pair(outputSize, who, 'outputSize', 1);
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`${who}: expected input [N, C, H, W] or [C, H, W]. Received: ${formatShape(x.shape)}.`);
  const h = x.shape[x.ndim - 2]!;
  const w = x.shape[x.ndim - 1]!;
  if (h < 1 || w < 1) throw new ShapeError(`${who}: input spatial size must be non-empty. Received: ${formatShape(x.shape)}.`);
  const planes = x.size / (h * w);
  if (oh === 1 && ow === 1) return globalAvgPool(x, planes, h * w);
  const hs = Int32Array.from({ length: oh }, (_, i) => Math.floor((i * h) / oh));
  const he = Int32Array.from({ length: oh }, (_, i) => Math.ceil(((i + 1) * h) / oh));
  const ws = Int32Array.from({ length: ow }, (_, j) => Math.floor((j * w) / ow));
  const we = Int32Array.from({ length: ow }, (_, j) => Math.ceil(((j + 1) * w) / ow));
  const src = x.data;
  const out = new Float32Array(planes * oh * ow);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let s = 0;
        for (let r = hs[i]!; r < he[i]!; r++) {
          for (let c = ws[j]!; c < we[j]!; c++) s += src[base + r * w + c]!;
        }
        out[(pl * oh + i) * ow + j] = s / ((he[i]! - hs[i]!) * (we[j]! - ws[j]!));
      }
    }
  }
  const shape = [...x.shape.slice(0, -2), oh, ow];
  if (!needsGrad(x)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'AdaptiveAvgPool2DBackward',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      for (let pl = 0; pl < planes; pl++) {
        const base = pl * h * w;
        for (let i = 0; i < oh; i++) {
          for (let j = 0; j < ow; j++) {
            const share = g[(pl * oh + i) * ow + j]! / ((he[i]! - hs[i]!) * (we[j]! - ws[j]!));
            for (let r = hs[i]!; r < he[i]!; r++) {
              for (let c = ws[j]!; c < we[j]!; c++) gx[base + r * w + c]! += share;
            }
          }
        }
      }
      return [gx];
    },
  });
}

/** Output size 1×1 (global average pooling): plane means as one GEMV against a ones vector. */
function globalAvgPool(x: Tensor, planes: number, hw: number): Tensor {
  if (ones.length < hw) ones = new Float32Array(hw).fill(1);
  const out = new Float32Array(planes);
  kernels().gemm(false, false, planes, 1, hw, x.data, ones.subarray(0, hw), out, false);
  for (let pl = 0; pl < planes; pl++) out[pl] = out[pl]! / hw;
  const shape = [...x.shape.slice(0, -2), 1, 1];
  if (!needsGrad(x)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'AdaptiveAvgPool2DBackward',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      for (let pl = 0; pl < planes; pl++) gx.fill(g[pl]! / hw, pl * hw, (pl + 1) * hw);
      return [gx];
    },
  });
}

/** Ones for globalAvgPool's GEMV (grown on demand, never written otherwise). */
let ones = new Float32Array(0);
