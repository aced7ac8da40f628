// What the exporter tells the calculator page about each input, and how one entry is checked.
// Pure data and functions: the exporter (Node) writes the spec, the page (browser) reads it.

/** One model feature as a form field. */
export interface FieldSpec {
  /** The feature (column) name: the input's `name` (DESIGN.md page contract). */
  name: string;
  kind: 'numeric' | 'categorical';
  /** Unit shown beside the label, when known. */
  unit?: string;
  /** Training range of a numeric feature, when the exporter knew the development data. */
  min?: number;
  max?: number;
  /** Values outside [acceptMin, acceptMax] are refused (no risk); between them and the training range, a warning. */
  acceptMin?: number;
  acceptMax?: number;
  /** Training levels of a categorical feature. */
  levels?: string[];
  /** Whether the model imputes a missing value (the field may be left empty). */
  missingAllowed: boolean;
}

/** Everything the page needs besides the model files. */
export interface CalculatorSpec {
  fields: FieldSpec[];
  /** MC-dropout passes, seed and percentiles of the interval. */
  passes: number;
  seed: number;
  percentiles: [number, number];
  /** Whether the model has Dropout (no interval otherwise). */
  hasDropout: boolean;
}

/** A checked entry: the cell to score (null = missing), or the message that stops scoring. */
export interface FieldResult {
  cell: string | number | null;
  error: string | null;
  warning: string | null;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number for display: at most 4 significant digits, no exponent for everyday values. */
export function showNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/**
 * Check one form entry against its field: empty is missing (allowed when the model imputes),
 * a numeric field needs a finite decimal number inside the accepted range, a categorical field
 * one of the training levels. Outside the training range but inside the accepted one is a warning.
 * @param field the field's spec.
 * @param raw the text entered or the option chosen.
 */
export function checkField(field: FieldSpec, raw: string): FieldResult {
  const text = raw.trim();
  if (text === '') {
    return field.missingAllowed
      ? { cell: null, error: null, warning: null }
      : { cell: null, error: `${field.name} is required.`, warning: null };
  }
  if (field.kind === 'categorical') {
    if (field.levels !== undefined && !field.levels.includes(text)) {
      return { cell: null, error: `${field.name}: choose one of ${field.levels.join(', ')}.`, warning: null };
    }
    return { cell: text, error: null, warning: null };
  }
  if (!NUMBER.test(text)) return { cell: null, error: `${field.name}: enter a number (e.g. 12 or 3.5). Received: “${text}”.`, warning: null };
  const v = Number(text);
  if (!Number.isFinite(v)) return { cell: null, error: `${field.name}: the number is too large.`, warning: null };
  const { acceptMin, acceptMax, min, max } = field;
  if ((acceptMin !== undefined && v < acceptMin) || (acceptMax !== undefined && v > acceptMax)) {
    return { cell: null, error: `${field.name}: ${showNumber(v)} is out of range; accepted ${showNumber(acceptMin ?? -Infinity)} to ${showNumber(acceptMax ?? Infinity)}.`, warning: null };
  }
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    return { cell: v, error: null, warning: `${field.name} = ${showNumber(v)} lies outside the training range ${showNumber(min ?? -Infinity)}–${showNumber(max ?? Infinity)}; the model has not seen such patients.` };
  }
  return { cell: v, error: null, warning: null };
}
