import { ClinregError, ValueError } from '../errors.js';
import type { AnyModule } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import type { History, NonFiniteAt } from './history.js';

/**
 * The name of the first parameter or buffer of `model` (state-dict order) that holds NaN or ±Inf,
 * or undefined when every value is finite. BatchNorm running statistics are included.
 */
export function firstNonFiniteState(model: AnyModule): string | undefined {
  for (const [name, t] of model.liveState()) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      // v - v is 0 for finite v and NaN for NaN and ±Inf: one comparison per element.
      const v = d[i]!;
      if (v - v !== 0) return name;
    }
  }
  return undefined;
}

/**
 * Training diverged before any epoch ended with finite loss and parameters, so there is no finite
 * state to go back to: `fit` restores the initial weights and throws this instead of returning a
 * model nobody should save. `code` is `E_NON_FINITE`; `reason` is the History stop reason and
 * `history` the run so far.
 */
export class NonFiniteTrainingError extends ClinregError {
  /** `non-finite-loss` or `non-finite-parameters`. */
  readonly reason: 'non-finite-loss' | 'non-finite-parameters';
  /** Where the first non-finite value appeared. */
  readonly at: NonFiniteAt;
  /** The run up to the failure (its epochs are those that completed, none finite-checked). */
  readonly history: History;
  constructor(reason: 'non-finite-loss' | 'non-finite-parameters', at: NonFiniteAt, history: History) {
    const what = reason === 'non-finite-loss'
      ? `the ${at.phase === 'validation' ? 'validation' : 'training'} loss became ${at.loss}`
      : `parameter '${at.parameter ?? '?'}' became non-finite`;
    super(
      'E_NON_FINITE',
      `fit: ${what} in epoch ${at.epoch}${at.phase === 'training' ? `, batch ${at.batch}` : ''}, before any epoch ended with finite weights. ` +
        'Check the inputs for NaN, ±Inf or huge values (standardise features) and lower the learning rate or set maxGradNorm.',
    );
    this.reason = reason;
    this.at = at;
    this.history = history;
  }
}

/**
 * Refuses a tensor holding NaN or ±Inf before training starts, naming the first (row, column).
 * @throws ValueError naming `who`, the tensor and the position.
 */
export function checkFiniteInput(t: Tensor, name: string, who: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0) {
      const rowSize = t.ndim === 0 ? 1 : t.size / t.shape[0]!;
      const row = Math.floor(i / rowSize);
      throw new ValueError(
        `${who}: ${name} must hold finite values. Received: ${v} at row ${row}, column ${i - row * rowSize} (0-based). ` +
          'Impute missing values and standardise or clip extreme ones before training.',
      );
    }
  }
}

/**
 * A model produced NaN or ±Inf where a prediction was expected (inputs or weights outside what
 * float32 arithmetic can carry). `code` is `E_NON_FINITE`; `row` is the first affected row (0-based).
 */
export class NonFiniteOutputError extends ClinregError {
  /** First row (0-based, in the scored order) whose output is not finite. */
  readonly row: number;
  /** That row in the user's file (1-based, the header is row 1), when the caller knows it. */
  readonly fileRow: number | undefined;
  /**
   * @param who the public function, named in the message.
   * @param row first non-finite row, 0-based in the scored order.
   * @param value its output (NaN).
   * @param where the file and 1-based file row of that row, named instead of the index when given.
   */
  constructor(who: string, row: number, value: number, where?: { file?: string | undefined; fileRow: number }) {
    const at = where === undefined ? `row ${row} (0-based)` : `${where.file !== undefined ? `${where.file}, ` : ''}row ${where.fileRow}`;
    super(
      'E_NON_FINITE',
      `${who}: the model output for ${at} is ${value}; no prediction is written. Fix: check that row for extreme values and that the model was trained on comparable units.`,
    );
    this.row = row;
    this.fileRow = where?.fileRow;
  }
}

/**
 * Refuses model outputs holding NaN or ±Inf logits (a probability must never come out NaN).
 * @param out the forward output, first dimension = rows.
 * @param rowSize values per row.
 * @throws NonFiniteOutputError naming `who` and the first such row.
 */
export function checkFiniteOutput(out: ArrayLike<number>, rowSize: number, who: string): void {
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    // ±Inf logits give probabilities 0 and 1; only NaN cannot be a probability.
    if (v !== v) throw new NonFiniteOutputError(who, Math.floor(i / Math.max(1, rowSize)), v);
  }
}
