/**
 * Parameter initialisation, in place, with PyTorch's `torch.nn.init` definitions; every draw comes
 * from the seeded generator (`manualSeed`) unless a `generator` is given. The streams are not
 * PyTorch's, so the values differ from PyTorch's but the distributions are the same.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { getGenerator, type Generator } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import { checkOptions } from '../option-keys.js';

/** Which fan `kaiming*` scales by. */
export type FanMode = 'fanIn' | 'fanOut';

/** Non-linearities known to `calculateGain` (PyTorch's names). */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Options carrying the generator to draw from. */
export interface InitOptions {
  /** Default: the global generator seeded by `manualSeed`. */
  generator?: Generator;
}

/** Options of `kaimingUniform` / `kaimingNormal`. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (used when nonlinearity is 'leaky_relu'). Default 0. */
  a?: number;
  /** 'fanIn' (default) preserves the forward variance, 'fanOut' the backward one. */
  mode?: FanMode;
  /** Default 'leaky_relu' (PyTorch's default). */
  nonlinearity?: Nonlinearity;
}

/** Options of `xavierUniform` / `xavierNormal`. */
export interface XavierOptions extends InitOptions {
  /** Scale factor. Default 1. */
  gain?: number;
}

/**
 * Recommended gain for a non-linearity (PyTorch's `calculate_gain`): 1 for linear/conv/sigmoid,
 * 5/3 for tanh, √2 for relu, √(2/(1 + a²)) for leaky_relu with slope `param` (default 0.01), 3/4 for selu.
 * @throws ValueError for a negative or non-finite `param`.
 * @example calculateGain('relu'); // 1.4142…
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'selu':
      return 3 / 4;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new ValueError(`calculateGain: negative_slope must be a finite number. Received: param=${slope}.`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      return 1;
  }
}

/**
 * Fan-in and fan-out of a weight (PyTorch's `_calculate_fan_in_and_fan_out`): for `[out, in, ...k]`,
 * fanIn = in·∏k and fanOut = out·∏k.
 * @throws ShapeError for fewer than 2 dimensions.
 */
export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) {
    throw new ShapeError(`init: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions. Received: ${formatShape(t.shape)}.`);
  }
  let receptive = 1;
  for (let i = 2; i < t.ndim; i++) receptive *= t.shape[i]!;
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

/** The generator option alone, for the draw an initialiser delegates to `uniform`/`normal`. */
function generatorOnly(options: InitOptions): InitOptions {
  return options.generator !== undefined ? { generator: options.generator } : {};
}

/** Fill with U(low, high), in place. @example uniform(zeros([3]), -1, 1); */
export function uniform(t: Tensor, low = 0, high = 1, options: InitOptions = {}): Tensor {
  checkOptions('init.uniform', options, { generator: true } satisfies Record<keyof Required<InitOptions>, true>);
  if (!(low <= high)) throw new ValueError(`init.uniform: low must be ≤ high. Received: low=${low}, high=${high}.`);
  const g = options.generator ?? getGenerator();
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = g.uniform(low, high);
  return t;
}

/** Fill with N(mean, std²), in place. @example normal(zeros([3]), 0, 0.02); */
export function normal(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  checkOptions('init.normal', options, { generator: true } satisfies Record<keyof Required<InitOptions>, true>);
  if (!(std >= 0)) throw new ValueError(`init.normal: std must be ≥ 0. Received: std=${std}.`);
  const g = options.generator ?? getGenerator();
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * g.normal();
  return t;
}

/** Fill with `value`, in place. @example constant(zeros([2]), 3); */
export function constant(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

/** Fill with zeros, in place. @example zeros(linear.bias) */
export function zeros(t: Tensor): Tensor {
  return constant(t, 0);
}

/** Fill with ones, in place. @example ones(batchNorm.weight) */
export function ones(t: Tensor): Tensor {
  return constant(t, 1);
}

function kaimingStd(t: Tensor, options: KaimingOptions, who: string): number {
  const { a = 0, mode = 'fanIn', nonlinearity = 'leaky_relu' } = options;
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ValueError(`${who}: mode must be 'fanIn' or 'fanOut'. Received: mode='${String(mode)}'.`);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const fan = mode === 'fanIn' ? fanIn : fanOut;
  if (fan === 0) throw new ValueError(`${who}: cannot initialise a tensor with a zero ${mode}. Received: shape ${formatShape(t.shape)}.`);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * He (Kaiming) uniform initialisation (He et al., 2015; PyTorch's `kaiming_uniform_`):
 * U(−b, b) with b = gain·√(3 / fan), gain = calculateGain(nonlinearity, a). Linear and Conv2d
 * use a = √5, which gives b = 1/√fanIn.
 * @param options a (0), mode ('fanIn'), nonlinearity ('leaky_relu'), generator.
 * @throws ShapeError for fewer than 2 dimensions; ValueError for a zero fan or a bad mode.
 * @example kaimingUniform(zeros([128, 20]), { a: Math.sqrt(5) }); // U(−1/√20, 1/√20)
 */
export function kaimingUniform(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptions('init.kaimingUniform', options, { generator: true, a: true, mode: true, nonlinearity: true } satisfies Record<keyof Required<KaimingOptions>, true>);
  const bound = Math.sqrt(3) * kaimingStd(t, options, 'init.kaimingUniform');
  return uniform(t, -bound, bound, generatorOnly(options));
}

/**
 * He (Kaiming) normal initialisation (PyTorch's `kaiming_normal_`): N(0, std²), std = gain/√fan.
 * @throws ShapeError for fewer than 2 dimensions; ValueError for a zero fan or a bad mode.
 * @example kaimingNormal(zeros([64, 32]), { nonlinearity: 'relu' });
 */
export function kaimingNormal(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkOptions('init.kaimingNormal', options, { generator: true, a: true, mode: true, nonlinearity: true } satisfies Record<keyof Required<KaimingOptions>, true>);
  return normal(t, 0, kaimingStd(t, options, 'init.kaimingNormal'), generatorOnly(options));
}

/**
 * Glorot (Xavier) uniform initialisation (Glorot & Bengio, 2010; PyTorch's `xavier_uniform_`):
 * U(−b, b) with b = gain·√(6 / (fanIn + fanOut)).
 * @throws ShapeError for fewer than 2 dimensions.
 * @example xavierUniform(zeros([64, 32]));
 */
export function xavierUniform(t: Tensor, options: XavierOptions = {}): Tensor {
  checkOptions('init.xavierUniform', options, { generator: true, gain: true } satisfies Record<keyof Required<XavierOptions>, true>);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const bound = (options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, -bound, bound, generatorOnly(options));
}

/**
 * Glorot (Xavier) normal initialisation (PyTorch's `xavier_normal_`): std = gain·√(2 / (fanIn + fanOut)).
 * @throws ShapeError for fewer than 2 dimensions.
 * @example xavierNormal(zeros([64, 32]));
 */
export function xavierNormal(t: Tensor, options: XavierOptions = {}): Tensor {
  checkOptions('init.xavierNormal', options, { generator: true, gain: true } satisfies Record<keyof Required<XavierOptions>, true>);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return normal(t, 0, (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), generatorOnly(options));
}
