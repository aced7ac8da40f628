import { ShapeError } from '../../errors.js';
import { kernels, type ConvGeometry } from '../../kernels/kernels.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape } from '../../tensor/shape.js';
import { pair, type Size2 } from './pair.js';

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step of the sliding window. Default 1. */
  stride?: Size2;
  /** Zero padding added to each side. Default 0. */
  padding?: Size2;
}

/**
 * 2-D cross-correlation over NCHW input (PyTorch's `F.conv2d`, no dilation or groups), on the
 * conv kernels (im2col + GEMM per image, images spread over threads on the native tier; see
 * src/kernels). Backward: the input-gradient and filter-gradient kernels. `Ho = ⌊(H + 2·padH − kh) / strideH⌋ + 1`, likewise `Wo`.
 * @param x `[N, C, H, W]`. @param weight `[O, C, kh, kw]`. @param bias `[O]` or null (default).
 * @param options stride (1), padding (0).
 * @returns `[N, O, Ho, Wo]`.
 * @throws ShapeError when the shapes do not fit or the output would be empty; ValueError for a
 *   bad stride or padding.
 * @example conv2d(randn([1, 3, 8, 8]), randn([4, 3, 3, 3]), null, { padding: 1 }).shape; // [1, 4, 8, 8]
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const who = 'conv2d';
  const [sh, sw] = pair(options.stride ?? 1, who, 'stride', 1);
  const [ph, pw] = pair(options.padding ?? 0, who, 'padding', 0);
  if (weight.ndim !== 4) throw new ShapeError(`${who}: weight must be 4-D [out, in, kh, kw]. Received: ${formatShape(weight.shape)}.`);
  const [o, c, kh, kw] = weight.shape as [number, number, number, number];
  if (x.ndim !== 4 || x.shape[1] !== c) {
    throw new ShapeError(`${who}: expected input [N, ${c}, H, W] for weight ${formatShape(weight.shape)}. Received: ${formatShape(x.shape)}.`);
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== o)) {
    throw new ShapeError(`${who}: bias must have shape [${o}]. Received: ${formatShape(bias.shape)}.`);
  }
  const [n, , h, w] = x.shape as [number, number, number, number];
  const ho = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const wo = Math.floor((w + 2 * pw - kw) / sw) + 1;
  if (ho < 1 || wo < 1) {
    throw new ShapeError(`${who}: the padded input ${formatShape([h + 2 * ph, w + 2 * pw])} is smaller than the kernel ${formatShape([kh, kw])}. Received: input ${formatShape(x.shape)}.`);
  }
  const geo: ConvGeometry = {
    batch: n, inChannels: c, height: h, width: w, outChannels: o, kernelH: kh, kernelW: kw,
    strideH: sh, strideW: sw, padH: ph, padW: pw, outH: ho, outW: wo,
  };
  const kern = kernels();
  const out = new Float32Array(n * o * ho * wo);
  kern.conv2dForward(geo, x.data, weight.data, bias === null ? null : bias.data, out);
  const shape = [n, o, ho, wo];
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  if (!needsGrad(...inputs)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'ConvolutionBackward',
    inputs,
    backward: (g) => {
      let gx: Float32Array | null = null;
      let gw: Float32Array | null = null;
      let gb: Float32Array | null = null;
      if (weight.requiresGrad || (bias !== null && bias.requiresGrad)) {
        gw = new Float32Array(weight.size);
        gb = bias !== null && bias.requiresGrad ? new Float32Array(o) : null;
        kern.conv2dBackwardFilter(geo, x.data, g, gw, gb);
        if (!weight.requiresGrad) gw = null;
      }
      if (x.requiresGrad) {
        gx = new Float32Array(x.size);
        kern.conv2dBackwardInput(geo, g, weight.data, gx);
      }
      return [gx, gw, gb];
    },
  });
}
