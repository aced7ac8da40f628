import * as z from 'zod';
import { ModelFormatError, ValueError } from '../errors.js';
import { ReLU, GELU, Sigmoid, Tanh } from '../nn/activation.js';
import { BatchNorm1d, BatchNorm2d } from '../nn/batchnorm.js';
import { Conv2d } from '../nn/conv2d.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten } from '../nn/flatten.js';
import { Identity } from '../nn/identity.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Linear } from '../nn/linear.js';
import type { AnyModule } from '../nn/module.js';
import { AdaptiveAvgPool2d, MaxPool2d } from '../nn/pooling.js';
import { Sequential, type TensorModule } from '../nn/sequential.js';
import { TabularTransformer } from '../nn/tabular/tabular-transformer.js';

const size = z.number().int().min(1).max(1_000_000);
const pair = z.tuple([size, size]);
const pad = z.tuple([z.number().int().min(0).max(10_000), z.number().int().min(0).max(10_000)]);
const rate = z.number().min(0).lt(1);

const layer: z.ZodType<LayerSpec> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('Linear'), inFeatures: size, outFeatures: size, bias: z.boolean() }).strict(),
    z.object({ type: z.literal('Conv2d'), inChannels: size, outChannels: size, kernelSize: pair, stride: pair, padding: pad, bias: z.boolean() }).strict(),
    z.object({
      type: z.enum(['BatchNorm1d', 'BatchNorm2d']), numFeatures: size, eps: z.number().positive(),
      momentum: z.number().min(0).max(1).nullable(), affine: z.boolean(), trackRunningStats: z.boolean(),
    }).strict(),
    z.object({ type: z.literal('LayerNorm'), normalizedShape: z.array(size).min(1).max(8), eps: z.number().positive(), elementwiseAffine: z.boolean() }).strict(),
    z.object({ type: z.literal('Dropout'), p: rate }).strict(),
    z.object({ type: z.enum(['ReLU', 'Sigmoid', 'Tanh', 'Identity']) }).strict(),
    z.object({ type: z.literal('GELU'), approximate: z.enum(['none', 'tanh']) }).strict(),
    z.object({ type: z.literal('Flatten'), startDim: z.number().int().min(-8).max(8), endDim: z.number().int().min(-8).max(8) }).strict(),
    z.object({ type: z.literal('MaxPool2d'), kernelSize: pair, stride: pair, padding: pad }).strict(),
    z.object({ type: z.literal('AdaptiveAvgPool2d'), outputSize: pair }).strict(),
    z.object({ type: z.literal('Sequential'), layers: z.array(layer).max(10_000) }).strict(),
    z.object({
      type: z.literal('TabularTransformer'), nNumeric: z.number().int().min(0).max(1_000_000), categoricalCardinalities: z.array(size).max(10_000),
      dToken: size, nLayers: z.number().int().min(1).max(1_000), nHeads: size, dFfn: size, dropout: rate, attentionDropout: rate,
      activation: z.enum(['relu', 'gelu']), nOut: size, normFirst: z.boolean(),
    }).strict(),
  ]),
) as z.ZodType<LayerSpec>;

/** JSON description of one layer: its class name and constructor hyper-parameters. */
export type LayerSpec =
  | { type: 'Linear'; inFeatures: number; outFeatures: number; bias: boolean }
  | { type: 'Conv2d'; inChannels: number; outChannels: number; kernelSize: [number, number]; stride: [number, number]; padding: [number, number]; bias: boolean }
  | { type: 'BatchNorm1d' | 'BatchNorm2d'; numFeatures: number; eps: number; momentum: number | null; affine: boolean; trackRunningStats: boolean }
  | { type: 'LayerNorm'; normalizedShape: number[]; eps: number; elementwiseAffine: boolean }
  | { type: 'Dropout'; p: number }
  | { type: 'ReLU' | 'Sigmoid' | 'Tanh' | 'Identity' }
  | { type: 'GELU'; approximate: 'none' | 'tanh' }
  | { type: 'Flatten'; startDim: number; endDim: number }
  | { type: 'MaxPool2d'; kernelSize: [number, number]; stride: [number, number]; padding: [number, number] }
  | { type: 'AdaptiveAvgPool2d'; outputSize: [number, number] }
  | { type: 'Sequential'; layers: LayerSpec[] }
  | {
      type: 'TabularTransformer'; nNumeric: number; categoricalCardinalities: number[]; dToken: number; nLayers: number; nHeads: number;
      dFfn: number; dropout: number; attentionDropout: number; activation: 'relu' | 'gelu'; nOut: number; normFirst: boolean;
    };

/** Zod schema of an architecture (a LayerSpec, usually a Sequential). Data only: nothing is executed. */
export const architectureSchema = layer;

/**
 * Describe a model built from clinreg's layers (nested Sequentials included) as JSON, so it can be
 * rebuilt by `buildArchitecture` without running any code from the file.
 * @throws ValueError for a layer type the format does not know (custom modules).
 * @example describeArchitecture(recommend.buildMlp({ nFeatures: 13, hiddenSizes: [64, 32] }));
 */
export function describeArchitecture(model: AnyModule): LayerSpec {
  const m: unknown = model;
  if (m instanceof Sequential) return { type: 'Sequential', layers: m.children().map((c) => describeArchitecture(c)) };
  if (m instanceof Linear) return { type: 'Linear', inFeatures: m.inFeatures, outFeatures: m.outFeatures, bias: m.bias !== null };
  if (m instanceof Conv2d) {
    return { type: 'Conv2d', inChannels: m.inChannels, outChannels: m.outChannels, kernelSize: [...m.kernelSize], stride: [...m.stride], padding: [...m.padding], bias: m.bias !== null };
  }
  if (m instanceof BatchNorm1d || m instanceof BatchNorm2d) {
    return { type: m instanceof BatchNorm1d ? 'BatchNorm1d' : 'BatchNorm2d', numFeatures: m.numFeatures, eps: m.eps, momentum: m.momentum, affine: m.affine, trackRunningStats: m.trackRunningStats };
  }
  if (m instanceof LayerNorm) return { type: 'LayerNorm', normalizedShape: [...m.normalizedShape], eps: m.eps, elementwiseAffine: m.elementwiseAffine };
  if (m instanceof Dropout) return { type: 'Dropout', p: m.p };
  if (m instanceof GELU) return { type: 'GELU', approximate: m.approximate };
  if (m instanceof ReLU) return { type: 'ReLU' };
  if (m instanceof Sigmoid) return { type: 'Sigmoid' };
  if (m instanceof Tanh) return { type: 'Tanh' };
  if (m instanceof Identity) return { type: 'Identity' };
  if (m instanceof Flatten) return { type: 'Flatten', startDim: m.startDim, endDim: m.endDim };
  if (m instanceof MaxPool2d) return { type: 'MaxPool2d', kernelSize: [...m.kernelSize], stride: [...m.stride], padding: [...m.padding] };
  if (m instanceof AdaptiveAvgPool2d) return { type: 'AdaptiveAvgPool2d', outputSize: [...m.outputSize] };
  if (m instanceof TabularTransformer) {
    return {
      type: 'TabularTransformer', nNumeric: m.nNumeric, categoricalCardinalities: [...m.categoricalCardinalities], dToken: m.dToken, nLayers: m.nLayers,
      nHeads: m.nHeads, dFfn: m.dFfn, dropout: m.dropout, attentionDropout: m.attentionDropout, activation: m.activation, nOut: m.nOut, normFirst: m.normFirst,
    };
  }
  throw new ValueError(`describeArchitecture: cannot describe a ${model.constructor.name}; model files support Sequential stacks of clinreg's built-in layers.`);
}

/**
 * Build a model from a (validated) architecture description. Parameters are freshly initialised;
 * load weights with `loadStateDict`.
 * @example buildArchitecture({ type: 'Sequential', layers: [{ type: 'Linear', inFeatures: 3, outFeatures: 1, bias: true }] });
 */
export function buildArchitecture(spec: LayerSpec): TensorModule {
  switch (spec.type) {
    case 'Sequential': return new Sequential(...spec.layers.map((l) => buildArchitecture(l)));
    case 'Linear': return new Linear(spec.inFeatures, spec.outFeatures, { bias: spec.bias });
    case 'Conv2d': return new Conv2d(spec.inChannels, spec.outChannels, spec.kernelSize, { stride: spec.stride, padding: spec.padding, bias: spec.bias });
    case 'BatchNorm1d':
    case 'BatchNorm2d': {
      const Ctor = spec.type === 'BatchNorm1d' ? BatchNorm1d : BatchNorm2d;
      return new Ctor(spec.numFeatures, { eps: spec.eps, momentum: spec.momentum, affine: spec.affine, trackRunningStats: spec.trackRunningStats });
    }
    case 'LayerNorm': return new LayerNorm(spec.normalizedShape, { eps: spec.eps, elementwiseAffine: spec.elementwiseAffine });
    case 'Dropout': return new Dropout(spec.p);
    case 'GELU': return new GELU({ approximate: spec.approximate });
    case 'ReLU': return new ReLU();
    case 'Sigmoid': return new Sigmoid();
    case 'Tanh': return new Tanh();
    case 'Identity': return new Identity();
    case 'Flatten': return new Flatten(spec.startDim, spec.endDim);
    case 'MaxPool2d': return new MaxPool2d(spec.kernelSize, { stride: spec.stride, padding: spec.padding });
    case 'AdaptiveAvgPool2d': return new AdaptiveAvgPool2d(spec.outputSize);
    case 'TabularTransformer': {
      const { type: _type, ...options } = spec;
      return new TabularTransformer(options);
    }
  }
}

/** Validate untrusted JSON as an architecture. @throws ModelFormatError naming the path of the bad field. */
export function parseArchitecture(value: unknown, who: string): LayerSpec {
  const r = architectureSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ModelFormatError(`${who}: invalid architecture at '${issue.path.join('.') || '(root)'}': ${issue.message}.`);
  }
  const issue = semanticIssue(r.data, []);
  if (issue !== null) throw new ModelFormatError(`${who}: invalid architecture at '${issue.path.join('.') || '(root)'}': ${issue.message}.`);
  return r.data;
}

/** Constraints between fields that the schema cannot state (the constructors would throw ValueError). */
function semanticIssue(spec: LayerSpec, path: (string | number)[]): { path: (string | number)[]; message: string } | null {
  if (spec.type === 'Sequential') {
    for (let i = 0; i < spec.layers.length; i++) {
      const issue = semanticIssue(spec.layers[i]!, [...path, 'layers', i]);
      if (issue !== null) return issue;
    }
  }
  if (spec.type === 'TabularTransformer') {
    if (spec.dToken % spec.nHeads !== 0) return { path: [...path, 'nHeads'], message: `nHeads (${spec.nHeads}) must divide dToken (${spec.dToken})` };
    if (spec.nNumeric + spec.categoricalCardinalities.length === 0) return { path: [...path, 'nNumeric'], message: 'the model needs at least one feature' };
  }
  return null;
}

/**
 * Number of float values (parameters and buffers) a model built from `spec` holds, computed
 * without building it, so a hostile description cannot trigger a huge allocation.
 */
export function stateSize(spec: LayerSpec): number {
  switch (spec.type) {
    case 'Sequential': return spec.layers.reduce((s, l) => s + stateSize(l), 0);
    case 'Linear': return spec.inFeatures * spec.outFeatures + (spec.bias ? spec.outFeatures : 0);
    case 'Conv2d': return spec.outChannels * spec.inChannels * spec.kernelSize[0] * spec.kernelSize[1] + (spec.bias ? spec.outChannels : 0);
    case 'BatchNorm1d':
    case 'BatchNorm2d': return (spec.affine ? 2 * spec.numFeatures : 0) + (spec.trackRunningStats ? 2 * spec.numFeatures + 1 : 0);
    case 'LayerNorm': return spec.elementwiseAffine ? 2 * spec.normalizedShape.reduce((a, b) => a * b, 1) : 0;
    case 'TabularTransformer': {
      const { dToken: d, dFfn: f, nNumeric, categoricalCardinalities: cards } = spec;
      const tokenizer = 2 * nNumeric * d + cards.reduce((a, b) => a + b, 0) * d + cards.length * d + d;
      const layer = 3 * d * d + 3 * d + d * d + d + (d * f + f) + (f * d + d) + 4 * d;
      return tokenizer + spec.nLayers * layer + 2 * d + d * spec.nOut + spec.nOut;
    }
    default: return 0;
  }
}
