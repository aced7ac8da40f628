import type { AdamHyperParams } from './adam-update.js';
import { AdamBase, type AdamOptions } from './adam.js';
import type { ParamsInput } from './optimizer.js';

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as PyTorch 1.13
 * `torch.optim.AdamW` (single-tensor implementation). Each step first shrinks the weights,
 * `θ ← θ·(1 − lr·λ)`, then applies the Adam update of the raw gradient (see `Adam`). Defaults
 * are PyTorch's (lr 1e-3, weightDecay 1e-2). Exempt biases and normalisation weights from decay
 * with `paramGroupsWithoutDecay`. Parameters whose `grad` is null are skipped (and not decayed).
 * @param params parameters, or parameter groups with per-group overrides.
 * @param options `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 1e-2 (decoupled),
 *   `amsgrad` false, `maximize` false.
 * @throws ValueError for a negative lr, eps or weightDecay, or betas outside [0, 1).
 * @example
 * const opt = new optim.AdamW(model.parameters(), { lr: 3e-4, weightDecay: 1e-4 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class AdamW extends AdamBase {
  constructor(params: ParamsInput<AdamHyperParams>, options: AdamOptions = {}) {
    super('AdamW', params, options, 1e-2, true);
  }
}
