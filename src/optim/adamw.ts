import { adamUpdate, checkAdamHyperParams, type AdamHyperParams } from './adam-update.js';
import type { AdamOptions } from './adam.js';
import { Optimizer, type ParamsInput } from './optimizer.js';

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
export class AdamW extends Optimizer<AdamHyperParams> {
  constructor(params: ParamsInput<AdamHyperParams>, options: AdamOptions = {}) {
    super('AdamW', params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 1e-2,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected override checkHyperParams(h: AdamHyperParams, where: string): void {
    checkAdamHyperParams(h, where);
  }

  /** One AdamW update of every parameter with a gradient. */
  override step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        let state = this.state.get(p);
        if (state === undefined) {
          state = {};
          this.state.set(p, state);
        }
        adamUpdate(p.data, p.grad.data, state, group, true);
      }
    }
  }
}
