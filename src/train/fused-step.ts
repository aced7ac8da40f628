// A training step of a plain MLP under BCEWithLogitsLoss on plain arrays.
//
// `fit`'s step of the recommended tabular model (Linear, BatchNorm1d, ReLU, Dropout chains; BCE
// with logits) spends a few tens of microseconds in kernels; around them, the general step made a
// tensor for the output and the loss, a tidy scope, a topological sort and gradient maps for a
// three-node graph, and the loss's own autograd node. Here the same functions compute the same
// numbers in the same order — the fused forward (nn/fused-mlp.ts), the loss and its gradient
// (nn/functional/binary-cross-entropy-with-logits.ts, reduction.ts), the fused backward, the
// leaves' gradient accumulation and the optimizer's own step — without that bookkeeping, so a
// step's loss, gradients, weights, running statistics and generator state are bit-identical
// (test/train/fused-step.test.ts). Any other model, loss or setting takes the general step.
import { BCEWithLogitsLoss } from '../nn/losses/bce-with-logits-loss.js';
import { broadcastTo } from '../nn/functional/broadcast-to.js';
import { bceInputGrad, bceLossValues } from '../nn/functional/binary-cross-entropy-with-logits.js';
import { reducedLoss, scaleReducedGrad } from '../nn/functional/reduction.js';
import { fusedMlpBackward, isPlain, runFusedMlp, type FusedMlpRun } from '../nn/fused-mlp.js';
import type { AnyModule } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import type { Optimizer } from '../optim/optimizer.js';
import { isGradEnabled } from '../tensor/autograd.js';
import { countedScope } from '../tensor/scope-depth.js';
import { sameShape } from '../tensor/shape.js';
import { allocFloat32, releaseStorage } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';
import { clipGradNorm } from './clip-grad.js';
import { dropGradients } from './drop-gradients.js';

/**
 * One step of `fit` for a plain Sequential MLP in training mode under a plain `BCEWithLogitsLoss`
 * (reduction 'mean' or 'sum'; its weight, posWeight and label smoothing as the module holds them):
 * the batch loss, with the parameters' previous gradients disposed, the new ones set (as
 * `loss.backward()` sets them), clipped to `maxGradNorm` when given, and the optimizer stepped.
 * A non-finite loss returns before the backward, as the general step does. Returns undefined,
 * having changed nothing, for any other model, loss or batch: the caller runs the general step.
 * Internal to clinreg (train-step.ts).
 */
export function fusedBceStep(model: AnyModule, optimizer: Optimizer, loss: unknown, maxGradNorm: number | undefined, x: Tensor, y: Tensor): number | undefined {
  if (!isPlain(model, Sequential) || !model.training || !isGradEnabled() || !isPlain(loss, BCEWithLogitsLoss) || y.requiresGrad || x.ndim !== 2) return undefined;
  const bce = loss as BCEWithLogitsLoss;
  if (bce.reduction === 'none') return undefined;
  const layers = [...(model as Sequential)];
  // The output's shape, checked before anything runs: a target of another shape takes the general step (and its ShapeError).
  let width = x.shape[1]!;
  for (const layer of layers) if (layer instanceof Linear) width = layer.outFeatures;
  const shape = [x.shape[0]!, width];
  if (!sameShape(shape, y.shape)) return undefined;
  // As the general step: the scope counted (the pool's policy inside a scope), the same work in the same order.
  return countedScope(() => {
    const run = runFusedMlp(layers, x);
    if (run === null) return undefined;
    try {
      return finishStep(model, run, shape, bce, optimizer, maxGradNorm, y);
    } finally {
      releaseStorage(run.out);
      for (const a of run.scratch) releaseStorage(a);
    }
  });
}

function finishStep(model: AnyModule, run: FusedMlpRun, shape: number[], bce: BCEWithLogitsLoss, optimizer: Optimizer, maxGradNorm: number | undefined, y: Tensor): number {
  const who = 'binaryCrossEntropyWithLogits';
  const reduction = bce.reduction as 'mean' | 'sum';
  const w = bce.weight ? broadcastTo(bce.weight, shape, who, 'weight') : null;
  const pw = bce.pos_weight ? broadcastTo(bce.pos_weight, shape, who, 'posWeight') : null;
  const n = run.out.length;
  const values = allocFloat32(n);
  bceLossValues(run.out, y.data, bce.labelSmoothing, w, pw, values);
  const value = Math.fround(reducedLoss(values, reduction));
  releaseStorage(values);
  dropGradients(optimizer);
  if (!Number.isFinite(value)) return value;
  // loss.backward(): the seed 1 through the reduction, the loss's input gradient, the chain's backward.
  const d = allocFloat32(n);
  bceInputGrad(run.out, y.data, bce.labelSmoothing, w, pw, d);
  scaleReducedGrad(d, 1, reduction);
  const grads = fusedMlpBackward(run, d);
  releaseStorage(d);
  // The leaves in the engine's order (the last parameter first), each taking its gradient over, or
  // adding it into a gradient the optimizer did not drop (a parameter outside its groups), after
  // which the engine hands the array back.
  for (let i = run.params.length - 1; i >= 0; i--) {
    const p = run.params[i]!;
    const g = grads[i]!;
    p.accumulateGrad(g, true);
    if (p.grad?.data !== g) releaseStorage(g);
  }
  if (maxGradNorm !== undefined) clipGradNorm(model.parameters(), maxGradNorm);
  optimizer.step();
  return value;
}
