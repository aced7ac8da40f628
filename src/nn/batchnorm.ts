import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { ones, zeros } from '../tensor/creation.js';
import { formatShape } from '../tensor/shape.js';
import { batchNorm } from './functional/batch-norm.js';
import { checkNumber, checkPositiveInt } from './layer-checks.js';
import { Module } from './module.js';
import { checkOptions } from '../option-keys.js';

/** Options of `BatchNorm1d` / `BatchNorm2d` (PyTorch's defaults). */
export interface BatchNormLayerOptions {
  /** Added to the variance for stability. Default 1e-5. */
  eps?: number;
  /** Weight of each new batch in the running statistics; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Learn a per-channel scale (`weight`, init 1) and shift (`bias`, init 0). Default true. */
  affine?: boolean;
  /** Keep running statistics for evaluation; without them batch statistics are used in eval too. Default true. */
  trackRunningStats?: boolean;
}

/**
 * Shared base of the batch-norm layers (PyTorch's `_BatchNorm`): hyper-parameters, the affine
 * parameters, the running-statistic buffers and `forward`; subclasses supply `checkInputDim`.
 *
 * State-dict keys, as PyTorch: `weight`, `bias`, `running_mean`, `running_var`,
 * `num_batches_tracked`. The properties carry the same names. `num_batches_tracked` is a
 * float32 scalar holding an integer (PyTorch stores int64; the safetensors reader converts).
 */
export abstract class NormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** Scale γ `[C]` (null unless affine). */
  declare weight: Tensor | null;
  /** Shift β `[C]` (null unless affine). */
  declare bias: Tensor | null;
  /** Running mean `[C]` (null unless trackRunningStats). */
  declare running_mean: Tensor | null;
  /** Running unbiased variance `[C]` (null unless trackRunningStats). */
  declare running_var: Tensor | null;
  /** Number of training batches seen, a scalar (null unless trackRunningStats). */
  declare num_batches_tracked: Tensor | null;

  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super();
    checkOptions(new.target.name, options, { eps: true, momentum: true, affine: true, trackRunningStats: true } satisfies Record<keyof Required<BatchNormLayerOptions>, true>);
    const who = new.target.name;
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true } = options;
    checkPositiveInt(numFeatures, who, 'numFeatures');
    checkNumber(eps, who, 'eps', 0, Infinity, true);
    if (momentum !== null) checkNumber(momentum, who, 'momentum', 0, 1);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    this.registerParameter('weight', affine ? ones([numFeatures]) : null);
    this.registerParameter('bias', affine ? zeros([numFeatures]) : null);
    this.registerBuffer('running_mean', trackRunningStats ? zeros([numFeatures]) : null);
    this.registerBuffer('running_var', trackRunningStats ? ones([numFeatures]) : null);
    this.registerBuffer('num_batches_tracked', trackRunningStats ? zeros([]) : null);
  }

  /** Alias of `running_mean`. */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }

  /** Alias of `running_var`. */
  get runningVar(): Tensor | null {
    return this.running_var;
  }

  /** Alias of `num_batches_tracked`. */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  /** Running statistics back to mean 0, variance 1, no batches (PyTorch's `reset_running_stats`). */
  resetRunningStats(): void {
    this.running_mean?.data.fill(0);
    this.running_var?.data.fill(1);
    this.num_batches_tracked?.data.fill(0);
  }

  /** The layer's name with its size, for messages: `BatchNorm1d(128)`. */
  protected get label(): string {
    return `${this.constructor.name}(${this.numFeatures})`;
  }

  /** The one hook: accept or reject the input's rank and channel count. @throws ShapeError */
  protected abstract checkInputDim(x: Tensor): void;

  /**
   * Normalise per channel (dimension 1). Training: batch statistics, running statistics updated
   * (variance unbiased), `num_batches_tracked` += 1. Eval: running statistics.
   * @throws ShapeError from `checkInputDim`; ValueError when training on one value per channel.
   */
  forward(x: Tensor): Tensor {
    this.checkInputDim(x);
    const tracking = this.trackRunningStats && this.running_mean !== null && this.running_var !== null;
    const useBatch = this.training || !tracking;
    if (useBatch && x.size / this.numFeatures <= 1) {
      throw new ValueError(`${this.label}: expected more than 1 value per channel when training. Received: input ${formatShape(x.shape)}; use a batch larger than 1 or call eval().`);
    }
    let factor = this.momentum ?? 0;
    if (this.training && tracking && this.num_batches_tracked !== null) {
      const count = this.num_batches_tracked.data[0]! + 1;
      this.num_batches_tracked.data[0] = count;
      if (this.momentum === null) factor = 1 / count;
    }
    const keepStats = !this.training || tracking;
    return batchNorm(x, keepStats ? this.running_mean : null, keepStats ? this.running_var : null, {
      weight: this.weight,
      bias: this.bias,
      training: useBatch,
      momentum: factor,
      eps: this.eps,
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, track_running_stats=${this.trackRunningStats}`;
  }
}

/**
 * Batch normalisation over `[N, C]` or `[N, C, L]` (PyTorch's `nn.BatchNorm1d`).
 * @param numFeatures C. @param options eps (1e-5), momentum (0.1), affine (true), trackRunningStats (true).
 * @throws ValueError for bad hyper-parameters; ShapeError at forward for another rank or channel count.
 * @example new BatchNorm1d(128).forward(randn([32, 128])).shape; // [32, 128]
 */
export class BatchNorm1d extends NormBase {
  protected checkInputDim(x: Tensor): void {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      const c = this.numFeatures;
      throw new ShapeError(`${this.label}: expected input [N, ${c}] or [N, ${c}, L], received ${formatShape(x.shape)}.`);
    }
  }
}

/**
 * Batch normalisation over `[N, C, H, W]` (PyTorch's `nn.BatchNorm2d`).
 * @param numFeatures C. @param options eps (1e-5), momentum (0.1), affine (true), trackRunningStats (true).
 * @throws ValueError for bad hyper-parameters; ShapeError at forward for another rank or channel count.
 * @example new BatchNorm2d(64).forward(randn([2, 64, 8, 8])).shape; // [2, 64, 8, 8]
 */
export class BatchNorm2d extends NormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 4 || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${this.label}: expected input [N, ${this.numFeatures}, H, W], received ${formatShape(x.shape)}.`);
    }
  }
}
