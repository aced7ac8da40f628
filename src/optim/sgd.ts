import { ValueError } from '../errors.js';
import { checkBoolean, checkFinite, checkNonNegative } from './hyper-params.js';
import { Optimizer, type ParamsInput } from './optimizer.js';
import { checkOptions } from '../option-keys.js';

/** Hyper-parameters of `SGD` (per group). */
export interface SGDHyperParams {
  /** Learning rate (required, ≥ 0). */
  lr: number;
  /** Momentum factor μ. Default 0 (plain gradient descent). */
  momentum: number;
  /** Dampening τ applied to the gradient in the momentum buffer. Default 0. */
  dampening: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). Default false. */
  nesterov: boolean;
  /** Coupled L2 penalty λ added to the gradient (`g + λθ`). Default 0. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/** Options of `SGD`: `lr` is required, the rest default as in PyTorch. */
export type SGDOptions = Pick<SGDHyperParams, 'lr'> & Partial<SGDHyperParams>;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and coupled
 * weight decay — PyTorch 1.13 `torch.optim.SGD` (single-tensor implementation):
 * `g ← ∇θ (negated if maximize) + λθ`; with momentum `b ← g` on the first step, else
 * `b ← μb + (1−τ)g`, then `g ← g + μb` (Nesterov) or `g ← b`; finally `θ ← θ − lr·g`.
 * Parameters whose `grad` is null are skipped.
 * @param params parameters, or parameter groups with per-group overrides.
 * @param options `lr` (required), `momentum` 0, `dampening` 0, `nesterov` false, `weightDecay` 0,
 *   `maximize` false.
 * @throws ValueError for a negative or non-finite lr, momentum or weightDecay, or Nesterov without
 *   momentum / with dampening.
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer<SGDHyperParams> {
  constructor(params: ParamsInput<SGDHyperParams>, options: SGDOptions) {
    checkOptions('SGD', options, { lr: true, momentum: true, dampening: true, nesterov: true, weightDecay: true, maximize: true } satisfies Record<keyof SGDHyperParams, true>);
    super('SGD', params, {
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      nesterov: options.nesterov ?? false,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    });
  }

  protected override checkHyperParams(h: SGDHyperParams, where: string): void {
    checkNonNegative(where, 'lr', h.lr);
    checkNonNegative(where, 'momentum', h.momentum);
    checkFinite(where, 'dampening', h.dampening);
    checkNonNegative(where, 'weightDecay', h.weightDecay);
    checkBoolean(where, 'nesterov', h.nesterov);
    checkBoolean(where, 'maximize', h.maximize);
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
      throw new ValueError(`${where}nesterov requires momentum > 0 and dampening = 0. Received: momentum=${h.momentum}, dampening=${h.dampening}.`);
    }
  }

  /** One SGD update of every parameter with a gradient. */
  override step(): void {
    for (const group of this.paramGroups) {
      // PyTorch casts scalar arguments to the tensor's float32 before the kernel runs.
      const lr = Math.fround(group.lr);
      const wd = Math.fround(group.weightDecay);
      const mu = Math.fround(group.momentum);
      const keep = Math.fround(1 - group.dampening);
      const sign = group.maximize ? -1 : 1;
      for (const p of group.params) {
        if (p.grad === null) continue;
        const w = p.data;
        const g = p.grad.data;
        const n = w.length;
        let buf: Float32Array | null = null;
        let first = false;
        if (mu !== 0) {
          let state = this.state.get(p);
          if (state === undefined) {
            state = {};
            this.state.set(p, state);
          }
          const existing = state['momentumBuffer'];
          if (existing instanceof Float32Array) {
            buf = existing;
          } else {
            buf = new Float32Array(n);
            state['momentumBuffer'] = buf;
            first = true;
          }
        }
        for (let i = 0; i < n; i++) {
          let d = sign * g[i]!;
          if (wd !== 0) d = Math.fround(d + wd * w[i]!);
          if (buf !== null) {
            const b = first ? d : Math.fround(Math.fround(buf[i]! * mu) + keep * d);
            buf[i] = b;
            d = group.nesterov ? Math.fround(d + mu * b) : b;
          }
          w[i] = w[i]! - lr * d;
        }
      }
    }
  }
}
