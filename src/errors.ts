/**
 * Typed errors with stable codes. Users match on `code` (or the class), never on message text.
 *
 * Messages follow one template: who, which parameter, what was expected, what was received, the fix.
 * @example
 * throw new ValueError('Dropout: p must be in [0, 1). Received: p=1.2.');
 */
export class ClinregError extends Error {
  /** Stable machine-readable code, e.g. `E_VALUE`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A parameter or argument has a bad value (negative learning rate, p outside [0, 1), …). */
export class ValueError extends ClinregError {
  constructor(message: string) {
    super('E_VALUE', message);
  }
}

/** Tensor shapes do not fit an operation; the message names the op and both shapes. */
export class ShapeError extends ClinregError {
  constructor(message: string) {
    super('E_SHAPE', message);
  }
}

/** A transformer, splitter state or model was used before `fit`. */
export class NotFittedError extends ClinregError {
  constructor(message: string) {
    super('E_NOT_FITTED', message);
  }
}

/** A metric is undefined for the input (e.g. ROC AUC with one class present). */
export class UndefinedMetricError extends ClinregError {
  constructor(message: string) {
    super('E_UNDEFINED_METRIC', message);
  }
}

/** Where in a data file a problem was found. All fields optional; row is 1-based (header = row 1). */
export interface DataLocation {
  /** The file path as given by the caller. */
  file?: string;
  /** 1-based line/record number in the file (the header is row 1). */
  row?: number;
  /** Column name. */
  column?: string;
}

/** Bad input data: a malformed CSV, a missing column, a non-binary target. Carries file/row/column. */
export class DataError extends ClinregError {
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;
  constructor(message: string, location: DataLocation = {}) {
    const where = [
      location.file !== undefined ? location.file : undefined,
      location.row !== undefined ? `row ${location.row}` : undefined,
      location.column !== undefined ? `column '${location.column}'` : undefined,
    ].filter((s): s is string => s !== undefined);
    super('E_DATA', where.length > 0 ? `${where.join(', ')}: ${message}` : message);
    this.file = location.file;
    this.row = location.row;
    this.column = location.column;
  }
}

/** A model or safetensors file is corrupted, hostile or does not match its architecture. */
export class ModelFormatError extends ClinregError {
  constructor(message: string) {
    super('E_MODEL_FORMAT', message);
  }
}

/**
 * An optional package that a feature needs is not installed (e.g. `bullmq` and `ioredis` for sweeps on
 * Redis). The message names the feature, the package(s) and the install command.
 */
export class MissingDependencyError extends ClinregError {
  constructor(message: string) {
    super('E_MISSING_DEPENDENCY', message);
  }
}
