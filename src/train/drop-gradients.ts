import type { Optimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * `optimizer.zeroGrad()` at the start of a training step, handing the gradients it drops back to
 * the storage pool (fit holds no other reference to them), so the step's new gradients reuse their
 * storage. Internal to train/.
 */
export function dropGradients(optimizer: Optimizer): void {
  const previous: (Tensor | null)[] = [];
  for (const g of optimizer.paramGroups) for (const p of g.params) previous.push(p.grad);
  optimizer.zeroGrad();
  let k = 0;
  for (const g of optimizer.paramGroups) {
    for (const p of g.params) {
      const old = previous[k++]!;
      if (old !== null && p.grad !== old) old.dispose();
    }
  }
}
