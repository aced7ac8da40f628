import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Augment } from './fit.js';

function checkImages(x: Tensor, who: string): [number, number, number, number] {
  if (x.ndim !== 4) throw new ShapeError(`${who}: expects images [N, C, H, W]. Received: [${x.shape.join(', ')}].`);
  return x.shape as [number, number, number, number];
}

/**
 * Random horizontal flip of each image with probability p (torchvision's RandomHorizontalFlip),
 * for NCHW batches. Labels unchanged.
 * @param options.p flip probability in [0, 1]. Default 0.5.
 * @throws ValueError for p outside [0, 1].
 * @example fit(cnn, { ..., augment: randomHorizontalFlip() });
 */
export function randomHorizontalFlip(options: { p?: number } = {}): Augment {
  const p = options.p ?? 0.5;
  if (!(p >= 0 && p <= 1)) throw new ValueError(`randomHorizontalFlip: p must be in [0, 1]. Received: p=${p}.`);
  return (x, y, g) => {
    const [n, c, h, w] = checkImages(x, 'randomHorizontalFlip');
    const out = x.data.slice();
    for (let i = 0; i < n; i++) {
      if (g.random() >= p) continue;
      for (let ch = 0; ch < c; ch++) {
        for (let r = 0; r < h; r++) {
          const row = ((i * c + ch) * h + r) * w;
          for (let col = 0; col < w; col++) out[row + col] = x.data[row + w - 1 - col]!;
        }
      }
    }
    return { x: new Tensor(out, x.shape), y };
  };
}

/**
 * Random crop with zero padding (torchvision's RandomCrop(size = input size, padding)): pad each
 * side by `padding` and cut a window of the original size at a random offset.
 * @param options.padding pixels of zero padding per side, a positive integer. Default 4.
 * @throws ValueError for a bad padding.
 * @example fit(cnn, { ..., augment: randomCrop({ padding: 4 }) });
 */
export function randomCrop(options: { padding?: number } = {}): Augment {
  const pad = options.padding ?? 4;
  if (!Number.isInteger(pad) || pad < 1) throw new ValueError(`randomCrop: padding must be a positive integer. Received: padding=${pad}.`);
  return (x, y, g) => {
    const [n, c, h, w] = checkImages(x, 'randomCrop');
    const out = new Float32Array(x.size);
    for (let i = 0; i < n; i++) {
      const dy = g.randint(2 * pad + 1) - pad;
      const dx = g.randint(2 * pad + 1) - pad;
      for (let ch = 0; ch < c; ch++) {
        const base = (i * c + ch) * h * w;
        for (let r = 0; r < h; r++) {
          const sr = r + dy;
          if (sr < 0 || sr >= h) continue;
          for (let col = 0; col < w; col++) {
            const sc = col + dx;
            if (sc >= 0 && sc < w) out[base + r * w + col] = x.data[base + sr * w + sc]!;
          }
        }
      }
    }
    return { x: new Tensor(out, x.shape), y };
  };
}

/**
 * Intensity jitter: per image, x ← (x − mean)·c + mean + b with contrast factor c ~ U(1−contrast,
 * 1+contrast) and brightness shift b ~ U(−brightness, brightness) (in the image's units).
 * @param options.brightness ≥ 0. Default 0.1. @param options.contrast in [0, 1). Default 0.1.
 * @throws ValueError for out-of-range values.
 * @example fit(cnn, { ..., augment: intensityJitter({ brightness: 0.2 }) });
 */
export function intensityJitter(options: { brightness?: number; contrast?: number } = {}): Augment {
  const brightness = options.brightness ?? 0.1;
  const contrast = options.contrast ?? 0.1;
  if (!(brightness >= 0)) throw new ValueError(`intensityJitter: brightness must be ≥ 0. Received: brightness=${brightness}.`);
  if (!(contrast >= 0 && contrast < 1)) throw new ValueError(`intensityJitter: contrast must be in [0, 1). Received: contrast=${contrast}.`);
  return (x, y, g) => {
    const [n] = checkImages(x, 'intensityJitter');
    const size = x.size / n;
    const out = new Float32Array(x.size);
    for (let i = 0; i < n; i++) {
      const base = i * size;
      let mean = 0;
      for (let k = 0; k < size; k++) mean += x.data[base + k]!;
      mean /= size;
      const cf = g.uniform(1 - contrast, 1 + contrast);
      const b = g.uniform(-brightness, brightness);
      for (let k = 0; k < size; k++) out[base + k] = (x.data[base + k]! - mean) * cf + mean + b;
    }
    return { x: new Tensor(out, x.shape), y };
  };
}
