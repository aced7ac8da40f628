import { ValueError } from '../../errors.js';
import { allocFloat32 } from '../../tensor/storage.js';
import { kernels } from '../../kernels/kernels.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { getGenerator, type Generator } from '../../tensor/random.js';

/** Options of `dropout`. */
export interface DropoutOptions {
  /** Apply dropout (true) or return the input unchanged (false). Default true, as PyTorch's `F.dropout`. */
  training?: boolean;
  /** Generator for the mask. Default: the global one seeded by `manualSeed`. */
  generator?: Generator;
}

/**
 * Inverted dropout (Srivastava et al., 2014; PyTorch's `F.dropout`): in training each element
 * is zeroed with probability `p` and the survivors are scaled by 1/(1 − p), so the expected
 * value is unchanged; otherwise (or with p = 0) the input is returned as is, drawing nothing
 * from the generator. The mask comes from the seeded generator: one uniform draw per element,
 * kept when the draw is ≥ p.
 * @param x input, any shape.
 * @param p drop probability in [0, 1). Default 0.5.
 * @param options training (true), generator (global).
 * @throws ValueError when p is outside [0, 1) (never clamped).
 * @example manualSeed(0); dropout(ones([4]), 0.5).toArray(); // e.g. [2, 0, 2, 2]
 */
export function dropout(x: Tensor, p = 0.5, options: DropoutOptions = {}): Tensor {
  checkDropoutP(p, 'dropout');
  const { training = true } = options;
  if (!training || p === 0 || x.size === 0) return x;
  const gen = options.generator ?? getGenerator();
  const n = x.size;
  // Both are written in full by the kernel: no zero-filled fresh arrays. The mask is kept only
  // for a gradient (an MC-dropout pass or eval under noGrad skips writing it).
  const grad = needsGrad(x);
  const mask = grad ? allocFloat32(n) : null;
  const out = allocFloat32(n);
  dropoutInto(x.data, p, gen, out, mask);
  if (mask === null) return new Tensor(out, x.shape);
  return new Tensor(out, x.shape, true, {
    name: 'DropoutBackward',
    inputs: [x],
    scratch: [mask],
    backward: (g) => {
      // gx = g·mask (mask holds 0 or 1/(1 − p)) in the active tier's multiply kernel.
      const gx = allocFloat32(n);
      kernels().binary(2, n, g, mask, gx, 0, 1);
      return [gx];
    },
  });
}

/**
 * Inverted dropout of `src` into `out` (and the mask, 0 or 1/(1 − p) per element, into `mask`
 * unless null), drawing one 32-bit value per element from `gen`; 0 < p < 1.
 */
export function dropoutInto(src: Float32Array, p: number, gen: Generator, out: Float32Array, mask: Float32Array | null): void {
  // The mask comes from the same stream as one random() per element, drawn as 32-bit integers
  // (random() ≥ p ⟺ bits ≥ ceil(p·2³²)) and applied by the dropout kernel, chunk by chunk.
  const n = src.length;
  const scale = 1 / (1 - p);
  const threshold = Math.ceil(p * 4294967296);
  const kern = kernels();
  const bits = bitsChunk;
  for (let base = 0; base < n; base += bits.length) {
    const len = Math.min(bits.length, n - base);
    gen.fillUint32(bits, len);
    // One chunk (a training batch) passes the arrays themselves, without a view of each.
    const part = (a: Float32Array): Float32Array => (len === n ? a : a.subarray(base, base + len));
    kern.dropout(len, part(src), bits, threshold, scale, part(out), mask === null ? null : part(mask));
  }
}

/** Scratch for the random bits of `dropout` (reused; JS is single-threaded). */
const bitsChunk = new Uint32Array(16384);

/** @throws ValueError unless 0 ≤ p < 1 (the contract; PyTorch also allows p = 1). */
export function checkDropoutP(p: number, who: string): void {
  if (!(p >= 0 && p < 1)) {
    throw new ValueError(`${who}: p must be in [0, 1). Received: p=${p}.`);
  }
}
