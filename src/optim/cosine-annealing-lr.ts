import { checkInteger, checkNonNegative } from './hyper-params.js';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from './optimizer.js';
import { checkOptions } from '../option-keys.js';

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions {
  /** Half-period T_max in epochs (required, integer ≥ 1). */
  tMax: number;
  /** Minimum learning rate η_min. Default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing of each group's learning rate from its initial value η_max to η_min over
 * `tMax` epochs (Loshchilov & Hutter, SGDR, 2017; PyTorch 1.13 `CosineAnnealingLR`, without
 * restarts): `η_t = η_min + (η_max − η_min)(1 + cos(π·t/T_max))/2`. Like PyTorch it uses the
 * recursive form, so the values match PyTorch's `get_lr` exactly — including past `tMax`, where
 * the rate climbs back towards η_max — and an lr changed from outside is respected.
 * @param optimizer the optimizer whose groups it drives.
 * @param options `tMax` (required), `etaMin` 0.
 * @throws ValueError when tMax is not an integer ≥ 1 or etaMin is negative.
 * @example
 * const sched = new optim.CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-6 });
 * for (let epoch = 0; epoch < 100; epoch++) { trainOneEpoch(); sched.step(); }
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half-period in epochs. */
  readonly tMax: number;
  /** Minimum learning rate. */
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    checkOptions('CosineAnnealingLR', options, { tMax: true, etaMin: true } satisfies Record<keyof Required<CosineAnnealingLROptions>, true>);
    checkInteger('CosineAnnealingLR: ', 'tMax', options.tMax, 1);
    const etaMin = options.etaMin ?? 0;
    checkNonNegative('CosineAnnealingLR: ', 'etaMin', etaMin);
    super('CosineAnnealingLR', optimizer);
    this.tMax = options.tMax;
    this.etaMin = etaMin;
    this.step();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const t = this.lastEpoch;
    const T = this.tMax;
    const etaMin = this.etaMin;
    if (t === 0) return groups.map((g) => g.lr);
    if ((t - 1 - T) % (2 * T) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (g.lr - etaMin) + etaMin,
    );
  }
}
