import type { AnyModule } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { tidy } from '../tensor/scope.js';
import type { Generator } from '../tensor/random.js';
import { releaseDead, type Tensor } from '../tensor/tensor.js';
import { takeRows } from './batches.js';
import { clipGradNorm } from './clip-grad.js';
import { dropGradients } from './drop-gradients.js';
import { fusedBceStep } from './fused-step.js';

/** What one training step needs besides the model and optimizer (fit's options, resolved). */
export interface TrainStepInputs {
  x: Tensor;
  y: Tensor;
  /** Row positions of the batch: `order[start..end)`. */
  order: Int32Array;
  start: number;
  end: number;
  loss: (input: Tensor, target: Tensor) => Tensor;
  augment: ((x: Tensor, y: Tensor, generator: Generator) => { x: Tensor; y: Tensor }) | undefined;
  generator: Generator;
  maxGradNorm: number | undefined;
  /**
   * fit's `loss` as given (a module or a function): its tensors outlive the step as the model's do,
   * and with a BCEWithLogitsLoss module a plain MLP's step runs fused (fused-step.ts).
   */
  lossModule: unknown;
}

/**
 * One optimisation step of `fit` on rows `order[start..end)`: batch, forward, loss, backward,
 * optional gradient clipping, optimizer step. Returns the batch loss; a non-finite loss returns
 * before backward (nothing updated).
 *
 * The step runs in a `tidy` scope: the batch, every activation, the loss and the graph are dead
 * when it ends (tensors the model, loss or optimizer hold — one a module caches on first use — are kept), so their storage goes back to the pool and the next step's ops reuse it instead of
 * allocating (every model gains, not only the fused MLP). The parameters' previous gradients are
 * disposed before `zeroGrad` for the same reason; the new ones stay on the parameters after the
 * step, as in PyTorch. Arithmetic is unchanged: results are bit-identical to fresh allocation.
 */
export function trainStep(model: AnyModule, optimizer: Optimizer, s: TrainStepInputs): number {
  // The batch is made outside the scope and disposed after it, so a step whose tensors all carry a
  // graph gives tidy nothing to look for in the model (see TidyOptions.keepReachableFrom).
  const xBatch = takeRows(s.x, s.order, s.start, s.end);
  const yBatch = takeRows(s.y, s.order, s.start, s.end);
  // The augmentation runs in a scope of its own before the step's, for the same reason: its
  // results are not made in the step's scope (what it makes on the way is released with its scope).
  let augmented = { x: xBatch, y: yBatch };
  try {
    if (s.augment !== undefined) augmented = tidy(() => s.augment!(xBatch, yBatch, s.generator));
    return step(model, optimizer, s, augmented.x, augmented.y);
  } finally {
    // The step's graph ended with its scope: nothing reads the batch again, so its storage is reused.
    for (const t of [xBatch, yBatch, augmented.x, augmented.y]) if (t !== s.x && t !== s.y) releaseDead(t);
  }
}

function step(model: AnyModule, optimizer: Optimizer, s: TrainStepInputs, xBatch: Tensor, yBatch: Tensor): number {
  const fused = fusedBceStep(model, optimizer, s.lossModule, s.maxGradNorm, xBatch, yBatch);
  if (fused !== undefined) return fused;
  return tidy(() => {
    dropGradients(optimizer);
    const loss = s.loss(model.forward(xBatch) as Tensor, yBatch);
    const value = loss.item();
    if (!Number.isFinite(value)) return value;
    loss.backward();
    if (s.maxGradNorm !== undefined) clipGradNorm(model.parameters(), s.maxGradNorm);
    optimizer.step();
    return value;
  }, { keepReachableFrom: [model, optimizer, s.lossModule] });
}
