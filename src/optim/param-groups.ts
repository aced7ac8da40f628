import { ValueError } from '../errors.js';
import { NormBase } from '../nn/batchnorm.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Module, type AnyModule } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './hyper-params.js';

/** Options of `paramGroupsWithoutDecay`. */
export interface ParamGroupsWithoutDecayOptions {
  /**
   * Weight decay of the decayed group. Default: none given, so the optimizer's own default
   * applies (AdamW 1e-2, Adam and SGD 0).
   */
  weightDecay?: number;
}

/** The two parameter groups returned by `paramGroupsWithoutDecay`. */
export type DecayParamGroups = [
  { params: Tensor[]; weightDecay?: number },
  { params: Tensor[]; weightDecay: number },
];

/**
 * Split a model's trainable parameters into a decayed group and a group with weight decay 0,
 * the standard practice for AdamW (Loshchilov & Hutter 2019; BERT, timm, nanoGPT): biases and
 * normalisation parameters are not decayed. Exempt are every parameter of rank ≤ 1 (biases,
 * BatchNorm/LayerNorm scales and shifts, scalars) and every parameter of a BatchNorm1d/2d or
 * LayerNorm module whatever its rank (a LayerNorm over `[h, w]` has a 2-D weight). Everything
 * else — Linear and Conv2d weights, embeddings — is decayed. Parameters with `requiresGrad`
 * false (frozen) are left out. Both groups are always returned (one may be empty), so the
 * optimizer's group layout does not depend on the architecture.
 * @param model the module whose `namedParameters()` are split.
 * @param options `weightDecay`: the decayed group's value (default: the optimizer's default).
 * @returns `[{ params: decayed, weightDecay? }, { params: exempt, weightDecay: 0 }]`.
 * @throws ValueError when `model` is not a Module or weightDecay is negative or not finite.
 * @example
 * const opt = new optim.AdamW(optim.paramGroupsWithoutDecay(model, { weightDecay: 1e-4 }), { lr: 3e-4 });
 */
export function paramGroupsWithoutDecay(model: AnyModule, options: ParamGroupsWithoutDecayOptions = {}): DecayParamGroups {
  const who = 'paramGroupsWithoutDecay: ';
  if (!(model instanceof Module)) {
    throw new ValueError(`${who}model must be an nn.Module. Received: ${model === null ? 'null' : typeof model}.`);
  }
  if (options.weightDecay !== undefined) checkNonNegative(who, 'weightDecay', options.weightDecay);
  const normParams = new Set<Tensor>();
  for (const m of model.modules()) {
    if (m instanceof NormBase || m instanceof LayerNorm) for (const p of m.parameters(false)) normParams.add(p);
  }
  const decay: Tensor[] = [];
  const exempt: Tensor[] = [];
  for (const [, p] of model.namedParameters()) {
    if (!p.requiresGrad) continue;
    if (p.ndim <= 1 || normParams.has(p)) exempt.push(p);
    else decay.push(p);
  }
  const decayed: DecayParamGroups[0] = options.weightDecay === undefined ? { params: decay } : { params: decay, weightDecay: options.weightDecay };
  return [decayed, { params: exempt, weightDecay: 0 }];
}
