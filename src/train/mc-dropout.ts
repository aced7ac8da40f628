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
  checkOptions('mcDropoutPredict', options, { passes: true, seed: true, activation: true, returnSamples: true } satisfies Record<keyof Required<McDropoutOptions>, true>);
  const passes = options.passes ?? 30;
  if (!Number.isInteger(passes) || passes < 2 || passes > MAX_MC_PASSES) {
    throw new ValueError(`mcDropoutPredict: passes must be an integer from 2 to ${MAX_MC_PASSES}. Received: passes=${passes}.`);
  }
  const modules = [...model.modules()];
  if (!modules.some((m) => m instanceof Dropout)) {
    throw new ValueError('mcDropoutPredict: the model has no Dropout module, so every pass would be identical; add nn.Dropout or use a plain forward.');
  }
  const modes = modules.map((m) => m.training);
  if (options.seed !== undefined) manualSeed(options.seed);
  const sigmoid = (options.activation ?? 'sigmoid') === 'sigmoid';
  let shape: readonly number[] = [];
  let sum: Float64Array | undefined;
  let sumSq: Float64Array | undefined;
  let samples: Float32Array | undefined;
  try {
    model.eval();
    for (const m of modules) if (m instanceof Dropout) m.training = true;
    noGrad(() => {
      for (let p = 0; p < passes; p++) {
        const out = forwardInBatches(model, x);
        if (sum === undefined || sumSq === undefined) {
          shape = out.shape;
          sum = new Float64Array(out.size);
          sumSq = new Float64Array(out.size);
          if (options.returnSamples === true) samples = new Float32Array(passes * out.size);
        }
        const d = out.data;
        checkFiniteOutput(d, shape.length === 0 ? 1 : out.size / shape[0]!, 'mcDropoutPredict');
        for (let i = 0; i < d.length; i++) {
          const v = sigmoid ? 1 / (1 + Math.exp(-d[i]!)) : d[i]!;
          sum[i]! += v;
          sumSq[i]! += v * v;
          if (samples !== undefined) samples[p * d.length + i] = v;
        }
      }
    });
  } finally {
    modules.forEach((m, i) => (m.training = modes[i]!));
  }
  const s = sum!;
  const s2 = sumSq!;
  const mean = new Float32Array(s.length);
  const std = new Float32Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const m = s[i]! / passes;
    mean[i] = m;
    std[i] = Math.sqrt(Math.max(0, (s2[i]! - passes * m * m) / (passes - 1)));
  }
  const result: McDropoutResult = { mean, std, shape };
  if (samples !== undefined) result.samples = samples;
  return result;
}
