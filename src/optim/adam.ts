import { adamUpdate, checkAdamHyperParams, type AdamHyperParams } from './adam-update.js';
import { Optimizer, type ParamsInput } from './optimizer.js';
import { checkOptions } from '../option-keys.js';

export type { AdamHyperParams } from './adam-update.js';

/** Options of `Adam` and `AdamW`; every field optional. */
export type AdamOptions = Partial<AdamHyperParams>;

/**
 * What Adam and AdamW share (PyTorch 1.13 defaults, validation, the step loop over parameters with
 * a gradient); they differ only in the default weight decay and whether it is decoupled.
 */
export abstract class AdamBase extends Optimizer<AdamHyperParams> {
  readonly #decoupled: boolean;

  protected constructor(name: string, params: ParamsInput<AdamHyperParams>, options: AdamOptions, defaultWeightDecay: number, decoupled: boolean) {
    checkOptions(name, options, { lr: true, betas: true, eps: true, weightDecay: true, amsgrad: true, maximize: true } satisfies Record<keyof AdamHyperParams, true>);
    super(name, params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? defaultWeightDecay,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
    this.#decoupled = decoupled;
  }

  protected override checkHyperParams(h: AdamHyperParams, where: string): void {
    checkAdamHyperParams(h, where);
  }

  /** One update of every parameter with a gradient. */
  override step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        let state = this.state.get(p);
        if (state === undefined) {
          state = {};
          this.state.set(p, state);
        }
        adamUpdate(p.data, p.grad.data, state, group, this.#decoupled);
      }
    }
  }
}

/**
 * Adam (Kingma & Ba, 2015) with coupled L2 weight decay, as PyTorch 1.13 `torch.optim.Adam`
 * (single-tensor implementation). With `t` the step count:
 * `g ← ∇θ + λθ`, `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²` (AMSGrad: `v̂max ← max(v̂max, v)`),
 * `θ ← θ − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + eps)`.
 * Parameters whose `grad` is null are skipped. For decoupled decay use `AdamW`.
 * @param params parameters, or parameter groups with per-group overrides.
 * @param options `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0 (coupled L2),
 *   `amsgrad` false, `maximize` false.
 * @throws ValueError for a negative lr, eps or weightDecay, or betas outside [0, 1).
 * @example
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class Adam extends AdamBase {
  constructor(params: ParamsInput<AdamHyperParams>, options: AdamOptions = {}) {
    super('Adam', params, options, 0, false);
  }
}
