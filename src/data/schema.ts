/**
 * Rule that says which target values are events, e.g. `'>0'` for the heart data's `num`, or
 * `'yes'` for a text target. Absent: the target must already be binary 0/1.
 */
export type PositiveRule = string;

/**
 * Column roles of a clinical table. Every check, validation and training step reads roles from
 * here instead of guessing from names.
 */
export interface Schema {
  /** The binary outcome column. */
  target: string;
  /** Which target values are events (see PositiveRule); absent: the target is 0/1. */
  positive?: PositiveRule;
  /** Hospital/site column. */
  site?: string;
  /** Patient identifier column (several rows may share one patient). */
  patient?: string;
  /** Date/time of the record. */
  time?: string;
  /** Column holding a predefined train/test split. */
  split?: string;
  /** Model inputs, in order. */
  features: string[];
  /** The subset of `features` treated as categorical. */
  categorical: string[];
}
