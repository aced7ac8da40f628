import type { Tensor } from '../tensor/tensor.js';
import { checkLambda, gradientReversal } from './functional/gradient-reversal.js';
import { Module } from './module.js';

/**
 * Gradient reversal layer for domain-adversarial training (Ganin & Lempitsky, 2015): identity
 * forward, −λ·g backward. `lambda` may be changed between steps (DANN's schedule
 * λ = 2/(1 + e^(−10·progress)) − 1); the value at forward time is the one used in backward.
 * @param lambda reversal strength λ ≥ 0. Default 1.
 * @throws ValueError for a negative or non-finite λ (at construction and when set).
 * @example const grl = new GradientReversal(0); grl.lambda = 0.3;
 */
export class GradientReversal extends Module {
  #lambda: number;

  constructor(lambda = 1) {
    super();
    checkLambda(lambda, 'GradientReversal');
    this.#lambda = lambda;
  }

  /** Reversal strength λ. */
  get lambda(): number {
    return this.#lambda;
  }

  set lambda(value: number) {
    checkLambda(value, 'GradientReversal');
    this.#lambda = value;
  }

  forward(x: Tensor): Tensor {
    return gradientReversal(x, this.#lambda);
  }

  override extraRepr(): string {
    return `lambda=${this.#lambda}`;
  }
}
