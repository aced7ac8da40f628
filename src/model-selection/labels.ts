// Label and group encoding shared by the splitters (internal; not re-exported).
import { ValueError } from '../errors.js';

/** Class labels or group ids: all numbers or all strings. */
export type LabelArray = ArrayLike<number> | ArrayLike<string>;

/** Integer codes into `uniques`, with per-code counts. */
export interface EncodedLabels {
  codes: Int32Array;
  uniques: Array<number | string>;
  counts: Int32Array;
}

/**
 * Compare strings by Unicode code point, as numpy orders `<U` arrays (JS `<` compares UTF-16
 * code units, which differs for characters outside the Basic Multilingual Plane).
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

function checkValues(who: string, param: string, values: LabelArray): 'number' | 'string' {
  let kind: 'number' | 'string' | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const k = typeof v;
    if (k !== 'number' && k !== 'string') {
      throw new ValueError(`${who}: ${param} must hold numbers or strings. Received: ${k} at index ${i}.`);
    }
    if (kind === undefined) kind = k;
    else if (k !== kind) {
      throw new ValueError(
        `${who}: ${param} must be all numbers or all strings. Received: a ${k} at index ${i} after ${kind}s. ` +
          'Convert the column to one type first.',
      );
    }
    if (k === 'number' && !Number.isFinite(v)) {
      throw new ValueError(`${who}: ${param} must not contain NaN or infinite values. Received: ${String(v)} at index ${i}.`);
    }
  }
  return kind ?? 'number';
}

/**
 * Encode labels to codes in first-appearance order (0 = the first label seen), as
 * scikit-learn's StratifiedKFold does.
 */
export function encodeByAppearance(who: string, param: string, values: LabelArray): EncodedLabels {
  checkValues(who, param, values);
  const index = new Map<number | string, number>();
  const uniques: Array<number | string> = [];
  const codes = new Int32Array(values.length);
  const countList: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | string;
    let c = index.get(v);
    if (c === undefined) {
      c = uniques.length;
      index.set(v, c);
      uniques.push(v);
      countList.push(0);
    }
    codes[i] = c;
    countList[c] = (countList[c] as number) + 1;
  }
  return { codes, uniques, counts: Int32Array.from(countList) };
}

/**
 * Encode labels to codes in sorted order, as `numpy.unique(values, return_inverse=True)`:
 * numbers ascending, strings by code point.
 */
export function encodeSorted(who: string, param: string, values: LabelArray): EncodedLabels {
  const kind = checkValues(who, param, values);
  const byAppearance = encodeByAppearance(who, param, values);
  const order = byAppearance.uniques.map((_, i) => i);
  if (kind === 'number') {
    order.sort((a, b) => (byAppearance.uniques[a] as number) - (byAppearance.uniques[b] as number));
  } else {
    order.sort((a, b) => compareCodePoints(byAppearance.uniques[a] as string, byAppearance.uniques[b] as string));
  }
  const rank = new Int32Array(order.length);
  order.forEach((old, r) => {
    rank[old] = r;
  });
  const codes = byAppearance.codes.map((c) => rank[c] as number);
  const counts = new Int32Array(order.length);
  for (let i = 0; i < codes.length; i++) counts[codes[i] as number]++;
  return { codes, uniques: order.map((o) => byAppearance.uniques[o] as number | string), counts };
}

/** Describe a label for an error message. */
export function showLabel(v: number | string): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}
