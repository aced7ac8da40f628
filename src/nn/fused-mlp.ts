// The training forward of a Sequential MLP (Linear, BatchNorm1d, ReLU, Dropout) as one autograd
// node.
//
// A small clinical MLP trains in steps of ~30 rows on a few dozen features: the arithmetic of a
// step is a few microseconds of kernel time, and the rest of the ~0.3 ms it took was a Tensor, a
// graph node, scope bookkeeping and a topological sort per layer. Here the layers' kernels run on
// plain arrays, in the same order and with the same arguments as the layers' own ops
// (functional/linear.ts, functional/batch-norm.ts, ops/relu.ts, functional/dropout.ts), drawing
// the same dropout bits from the same generator, so outputs, gradients, running statistics and
// the generator's state are bit-identical to running the layers one by one (test/nn/fused-mlp.test.ts).
import { kernels } from '../kernels/kernels.js';
import { isGradEnabled } from '../tensor/autograd.js';
import { getGenerator } from '../tensor/random.js';
import { allocFloat32, releaseStorage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { ReLU } from './activation.js';
import { BatchNorm1d } from './batchnorm.js';
import { Dropout } from './dropout.js';
import { dropoutInto } from './functional/dropout.js';
import { updateRunningStats } from './functional/batch-norm.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';

type Layer = Module<[Tensor], Tensor>;

/** What one layer's backward reads: its input, its output and its saved statistics or mask. */
export interface Saved {
  layer: Layer;
  input: Float32Array;
  output: Float32Array;
  /** Whether the layer's input requires grad (else its input gradient is not needed). */
  inputNeedsGrad: boolean;
  /** Whether the layer's output requires grad (else it has no backward). */
  outputNeedsGrad: boolean;
  mask: Float32Array | null;
  mean: Float32Array | null;
  variance: Float32Array | null;
}

/** Whether `o` is an instance of `cls` itself (not a subclass) with the class's own forward. Internal to clinreg (also train/fused-step.ts). */
export function isPlain(o: unknown, cls: { prototype: object }): boolean {
  return o !== null && typeof o === 'object' && Object.getPrototypeOf(o) === cls.prototype && !Object.prototype.hasOwnProperty.call(o, 'forward');
}

/**
 * The parameters the fused node differentiates, in layer order, or null when the chain is not
 * one it covers: only Linear, BatchNorm1d (training), ReLU and Dropout, widths that fit a 2-D
 * input of ≥ 2 rows, every parameter requiring grad and none shared between layers.
 */
function fusableParameters(layers: readonly Layer[], x: Tensor): Tensor[] | null {
  if (x.ndim !== 2 || x.shape[0]! < 2 || x.requiresGrad || !isGradEnabled()) return null;
  let width = x.shape[1]!;
  const params: Tensor[] = [];
  for (const layer of layers) {
    if (isPlain(layer, Linear)) {
      const l = layer as Linear;
      if (l.inFeatures !== width) return null;
      params.push(l.weight);
      if (l.bias !== null) params.push(l.bias);
      width = l.outFeatures;
    } else if (isPlain(layer, BatchNorm1d)) {
      const b = layer as BatchNorm1d;
      if (!b.training || b.numFeatures !== width) return null;
      if (b.weight !== null) params.push(b.weight);
      if (b.bias !== null) params.push(b.bias);
    } else if (!isPlain(layer, ReLU) && !isPlain(layer, Dropout)) {
      return null;
    }
  }
  if (params.length === 0) return null;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (!p.requiresGrad || p.isDisposed) return null;
    for (let j = 0; j < i; j++) if (params[j] === p) return null; // shared between layers
  }
  return params;
}

/** A fused training forward on plain arrays: see {@link runFusedMlp}. */
export interface FusedMlpRun {
  /** The chain's output, `rows` × its width (pool storage). */
  out: Float32Array;
  rows: number;
  /** The parameters the backward differentiates, in its order. */
  params: Tensor[];
  /** What the backward reads, layer by layer. */
  saved: Saved[];
  /** Every array made here but the output (pool storage, dead once the backward has run). */
  scratch: Float32Array[];
}

/**
 * The output of `layers` applied in training mode to `x`, as one tensor whose backward gives
 * every layer's parameter gradients; null when the chain is not one it covers (see
 * fusableParameters), and the caller runs the layers one by one.
 */
export function fusedMlpForward(layers: readonly Layer[], x: Tensor): Tensor | null {
  const run = runFusedMlp(layers, x);
  if (run === null) return null;
  const { out, rows, params, saved, scratch } = run;
  // The scratch goes back to the pool when a tidy scope ends with the graph dead.
  return new Tensor(out, [rows, out.length / rows], true, {
    name: 'FusedMlpBackward',
    inputs: [x, ...params],
    scratch,
    backward: (g) => [null, ...backwardThrough(saved, rows, g)],
  });
}

/**
 * The training forward of {@link fusedMlpForward} on plain arrays, without a tensor or graph node
 * (the fused training step of train/ runs it, then {@link fusedMlpBackward}); null when the chain
 * is not one it covers. Running the layers' state (running statistics, the generator) changes as
 * in fusedMlpForward. Internal to clinreg.
 */
export function runFusedMlp(layers: readonly Layer[], x: Tensor): FusedMlpRun | null {
  const params = fusableParameters(layers, x);
  if (params === null) return null;
  const rows = x.shape[0]!;
  const saved: Saved[] = [];
  let cur = x.data;
  let needs = false;
  for (const layer of layers) {
    const s: Saved = { layer, input: cur, output: cur, inputNeedsGrad: needs, outputNeedsGrad: needs, mask: null, mean: null, variance: null };
    if (layer instanceof Linear) {
      s.output = linearForward(layer, rows, cur);
      needs = true;
    } else if (layer instanceof BatchNorm1d) {
      batchNormForward(layer, rows, s);
      needs ||= layer.weight !== null || layer.bias !== null;
      if (!needs) {
        // No backward will read the statistics (batchNorm releases them in the same case).
        releaseStorage(s.mean!);
        releaseStorage(s.variance!);
        s.mean = null;
        s.variance = null;
      }
    } else if (layer instanceof ReLU) {
      s.output = allocFloat32(cur.length);
      kernels().relu(cur.length, cur, s.output);
    } else {
      const p = (layer as Dropout).p;
      if (layer.training && p !== 0) {
        s.mask = needs ? allocFloat32(cur.length) : null;
        s.output = allocFloat32(cur.length);
        dropoutInto(cur, p, getGenerator(), s.output, s.mask);
      }
    }
    s.outputNeedsGrad = needs;
    saved.push(s);
    cur = s.output;
  }
  const out = cur;
  const scratch: Float32Array[] = [];
  for (const s of saved) {
    for (const a of [s.output, s.mask, s.mean, s.variance]) if (a !== null && a !== out && a !== x.data && !scratch.includes(a)) scratch.push(a);
  }
  return { out, rows, params, saved, scratch };
}

/**
 * The parameter gradients of a {@link runFusedMlp} run (in `run.params` order, pool storage) from
 * the output gradient `gOut` (left to the caller): the fused node's backward. Internal to clinreg.
 */
export function fusedMlpBackward(run: FusedMlpRun, gOut: Float32Array): Float32Array[] {
  return backwardThrough(run.saved, run.rows, gOut);
}

function linearForward(layer: Linear, rows: number, input: Float32Array): Float32Array {
  const out = allocFloat32(rows * layer.outFeatures); // the kernel writes every element
  kernels().linear(rows, layer.outFeatures, layer.inFeatures, input, layer.weight.data, layer.bias?.data ?? null, out, false);
  return out;
}

/** NormBase.forward and batchNorm's batch-statistics path, training, on a 2-D input. */
function batchNormForward(layer: BatchNorm1d, rows: number, s: Saved): void {
  const c = layer.numFeatures;
  const tracking = layer.trackRunningStats && layer.running_mean !== null && layer.running_var !== null;
  let factor = layer.momentum ?? 0;
  if (tracking && layer.num_batches_tracked !== null) {
    const count = layer.num_batches_tracked.data[0]! + 1;
    layer.num_batches_tracked.data[0] = count;
    if (layer.momentum === null) factor = 1 / count;
  }
  s.mean = allocFloat32(c);
  s.variance = allocFloat32(c);
  s.output = allocFloat32(rows * c);
  kernels().batchNormTrain(rows, c, 1, s.input, layer.weight?.data ?? null, layer.bias?.data ?? null, layer.eps, s.output, s.mean, s.variance);
  if (tracking) updateRunningStats(layer.running_mean!.data, layer.running_var!.data, s.mean, s.variance, rows, factor);
}

/** The parameter gradients (in fusableParameters' order) from the output gradient `gOut`. */
function backwardThrough(saved: readonly Saved[], rows: number, gOut: Float32Array): Float32Array[] {
  const kern = kernels();
  const grads: Float32Array[][] = [];
  let g = gOut;
  for (let i = saved.length - 1; i >= 0; i--) {
    const s = saved[i]!;
    if (!s.outputNeedsGrad) break;
    const layer = s.layer;
    let gx: Float32Array | null = null;
    const own: Float32Array[] = [];
    if (layer instanceof Linear) {
      const outF = layer.outFeatures;
      const inF = layer.inFeatures;
      if (s.inputNeedsGrad) {
        gx = allocFloat32(rows * inF);
        kern.gemm(false, false, rows, inF, outF, g, layer.weight.data, gx, false);
      }
      const gw = allocFloat32(outF * inF);
      kern.gemm(true, false, outF, inF, rows, g, s.input, gw, false);
      own.push(gw);
      if (layer.bias !== null) {
        const gb = allocFloat32(outF);
        kern.sumRows(rows, outF, g, gb, false);
        own.push(gb);
      }
    } else if (layer instanceof BatchNorm1d) {
      const c = layer.numFeatures;
      gx = allocFloat32(s.input.length);
      const gw = layer.weight !== null ? allocFloat32(c) : null;
      const gb = layer.bias !== null ? allocFloat32(c) : null;
      kern.batchNormBackward(rows, c, 1, s.input, g, layer.weight?.data ?? null, s.mean!, s.variance!, layer.eps, gx, gw, gb);
      if (gw !== null) own.push(gw);
      if (gb !== null) own.push(gb);
      if (!s.inputNeedsGrad) {
        releaseStorage(gx);
        gx = null;
      }
    } else if (layer instanceof ReLU) {
      gx = allocFloat32(g.length);
      kern.reluBackward(g.length, s.output, g, gx);
    } else if (s.mask !== null) {
      gx = allocFloat32(g.length);
      kern.binary(2, g.length, g, s.mask, gx, 0, 1);
    } else {
      gx = g; // dropout in eval mode or with p = 0: the identity
    }
    grads.push(own);
    // The output gradient is dead once the input's is made (the caller's own `gOut` is the caller's).
    if (g !== gOut && g !== gx) releaseStorage(g);
    if (gx === null) return grads.reverse().flat();
    g = gx;
  }
  if (g !== gOut) releaseStorage(g);
  return grads.reverse().flat();
}
