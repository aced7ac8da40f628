import { ValueError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import { Dropout } from '../nn/dropout.js';
import type { AnyModule } from '../nn/module.js';
import { noGrad } from '../tensor/autograd.js';
import { manualSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFiniteOutput } from './non-finite.js';
import { forwardInBatches } from './forward-batches.js';

/** Most MC-dropout passes accepted (a resource bound: beyond ~1000 the SD no longer changes). */
export const MAX_MC_PASSES = 10_000;

/** Options of `mcDropoutPredict`. */
export interface McDropoutOptions {
  /** Number of stochastic forward passes. Default 30 (the seed's). */
  passes?: number;
  /** Seed the global generator first so the passes repeat. Default: continue the current stream. */
  seed?: number;
  /** Map outputs through a sigmoid (binary logits, default) or keep them ('identity'). */
  activation?: 'sigmoid' | 'identity';
  /** Also return every pass's outputs. Default false. */
  returnSamples?: boolean;
}

/** Monte-Carlo dropout prediction: per-output mean and standard deviation over the passes. */
export interface McDropoutResult {
  /** Mean over passes, one value per output element (row-major over the output shape). */
  mean: Float32Array;
  /** Sample standard deviation (n − 1 denominator, as `torch.std`) over passes. */
  std: Float32Array;
  /** Shape of one pass's output. */
  shape: readonly number[];
  /** passes × output size, when `returnSamples`. */
  samples?: Float32Array;
}

/**
 * Monte-Carlo dropout (Gal & Ghahramani, 2016): run `passes` forward passes with ONLY the Dropout
 * modules in training mode, so BatchNorm keeps using (and never updates) its running statistics —
 * unlike keeping the whole model in `train()` as the seed's snippet does, which would also switch
 * BatchNorm to batch statistics and update them. The modes of every module are restored afterwards.
 * Dropout inside attention is stochastic only where it is an `nn.Dropout` module.
 * @param model any module containing Dropout modules.
 * @param x input batch.
 * @throws ValueError when passes is not an integer in [2, MAX_MC_PASSES] or the model has no Dropout module; NonFiniteOutputError
 *   (code `E_NON_FINITE`) when a pass outputs NaN.
 * @example const { mean, std } = mcDropoutPredict(model, x, { passes: 30, seed: 0 });
 */
export function mcDropoutPredict(model: AnyModule, x: Tensor, options: McDropoutOptions = {}): McDropoutResult {
  const { passes, sigmoid } = mcSettings('mcDropoutPredict', model, options);
  if (options.seed !== undefined) manualSeed(options.seed);
  const sums = new McSums(passes, sigmoid, options.returnSamples === true);
  withDropoutOnly(model, () => {
    noGrad(() => {
      for (let p = 0; p < passes; p++) {
        const out = forwardInBatches(model, x);
        sums.add(out.data, out.shape);
      }
    });
  });
  return sums.result();
}

/**
 * Checked options of {@link mcDropoutPredict} (passes, sigmoid or not).
 * @throws ValueError as mcDropoutPredict does.
 */
export function mcSettings(who: string, model: AnyModule, options: McDropoutOptions): { passes: number; sigmoid: boolean } {
  checkOptions(who, options, { passes: true, seed: true, activation: true, returnSamples: true } satisfies Record<keyof Required<McDropoutOptions>, true>);
  const passes = options.passes ?? 30;
  if (!Number.isInteger(passes) || passes < 2 || passes > MAX_MC_PASSES) {
    throw new ValueError(`${who}: passes must be an integer from 2 to ${MAX_MC_PASSES}. Received: passes=${passes}.`);
  }
  if (![...model.modules()].some((m) => m instanceof Dropout)) {
    throw new ValueError(`${who}: the model has no Dropout module, so every pass would be identical; add nn.Dropout or use a plain forward.`);
  }
  return { passes, sigmoid: (options.activation ?? 'sigmoid') === 'sigmoid' };
}

/**
 * Run `fn` with the model in eval mode but its Dropout modules in training mode (an MC-dropout
 * pass); every module's mode is restored afterwards.
 */
export function withDropoutOnly<R>(model: AnyModule, fn: () => R): R {
  const modules = [...model.modules()];
  const modes = modules.map((m) => m.training);
  try {
    model.eval();
    for (const m of modules) if (m instanceof Dropout) m.training = true;
    return fn();
  } finally {
    modules.forEach((m, i) => (m.training = modes[i]!));
  }
}

/**
 * The running sums of MC-dropout passes, added in pass order (the order fixes every bit of the
 * mean and SD), and the result they give.
 */
export class McSums {
  private shape: readonly number[] = [];
  private sum: Float64Array | undefined;
  private sumSq: Float64Array | undefined;
  private samples: Float32Array | undefined;
  private added = 0;

  /** @param passes passes to come. @param sigmoid map outputs through a sigmoid. @param keepSamples keep every pass. */
  constructor(
    private readonly passes: number,
    private readonly sigmoid: boolean,
    private readonly keepSamples: boolean,
  ) {}

  /**
   * Add the next pass's output.
   * @throws NonFiniteOutputError (code E_NON_FINITE) when it holds NaN.
   */
  add(d: Float32Array, shape: readonly number[]): void {
    if (this.sum === undefined) {
      this.shape = shape;
      this.sum = new Float64Array(d.length);
      this.sumSq = new Float64Array(d.length);
      if (this.keepSamples) this.samples = new Float32Array(this.passes * d.length);
    }
    const sum = this.sum;
    const sumSq = this.sumSq!;
    const samples = this.samples;
    const p = this.added++;
    checkFiniteOutput(d, shape.length === 0 ? 1 : d.length / shape[0]!, 'mcDropoutPredict');
    for (let i = 0; i < d.length; i++) {
      const v = this.sigmoid ? 1 / (1 + Math.exp(-d[i]!)) : d[i]!;
      sum[i]! += v;
      sumSq[i]! += v * v;
      if (samples !== undefined) samples[p * d.length + i] = v;
    }
  }

  /** Mean and SD over the passes added (all of them). */
  result(): McDropoutResult {
    const passes = this.passes;
    const s = this.sum!;
    const s2 = this.sumSq!;
    const mean = new Float32Array(s.length);
    const std = new Float32Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const m = s[i]! / passes;
      mean[i] = m;
      std[i] = Math.sqrt(Math.max(0, (s2[i]! - passes * m * m) / (passes - 1)));
    }
    const result: McDropoutResult = { mean, std, shape: this.shape };
    if (this.samples !== undefined) result.samples = this.samples;
    return result;
  }
}
