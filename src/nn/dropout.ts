import type { Tensor } from '../tensor/tensor.js';
import { checkDropoutP, dropout } from './functional/dropout.js';
import { Module } from './module.js';

/**
 * Inverted dropout (PyTorch's `nn.Dropout`): in training mode each element is zeroed with
 * probability `p` and the rest scaled by 1/(1 − p); in eval mode it is the identity. The mask is
 * drawn from the seeded generator (`manualSeed`).
 * @param p drop probability in [0, 1). Default 0.5.
 * @throws ValueError when p is outside [0, 1) (never clamped).
 * @example const d = new Dropout(0.4); d.eval(); d.forward(x) === x; // true
 */
export class Dropout extends Module {
  /** Drop probability. */
  readonly p: number;

  constructor(p = 0.5) {
    super();
    checkDropoutP(p, 'Dropout');
    this.p = p;
  }

  /** Apply dropout in training mode; return `x` unchanged in eval mode. */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, { training: this.training });
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
