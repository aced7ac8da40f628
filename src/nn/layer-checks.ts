import { ValueError } from '../errors.js';

/**
 * Check that a size hyper-parameter is a positive integer.
 * @throws ValueError naming the layer, the parameter and the value.
 */
export function checkPositiveInt(value: number, who: string, name: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${who}: ${name} must be a positive integer. Received: ${name}=${value}.`);
  }
}

/**
 * Check that a hyper-parameter is a finite number in [min, max] (max optional).
 * @throws ValueError naming the layer, the parameter and the value.
 */
export function checkNumber(value: number, who: string, name: string, min: number, max = Infinity, minOpen = false): void {
  const ok = Number.isFinite(value) && (minOpen ? value > min : value >= min) && value <= max;
  if (!ok) {
    const range = max === Infinity ? `${minOpen ? '>' : '≥'} ${min}` : `in ${minOpen ? '(' : '['}${min}, ${max}]`;
    throw new ValueError(`${who}: ${name} must be a finite number ${range}. Received: ${name}=${value}.`);
  }
}
