// Validation of optimizer and scheduler hyper-parameters (internal). Every check throws a
// ValueError that starts with `where` (who, and which group) and names the parameter and value.
import { ValueError } from '../errors.js';

/** `value` must be a finite number ≥ 0 (learning rates, weight decay, eps, momentum). */
export function checkNonNegative(where: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(`${where}${name} must be a finite number ≥ 0. Received: ${name}=${show(value)}.`);
  }
}

/** `value` must be a finite number. */
export function checkFinite(where: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${where}${name} must be a finite number. Received: ${name}=${show(value)}.`);
  }
}

/** `value` must be an integer ≥ `min`. */
export function checkInteger(where: string, name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`${where}${name} must be an integer ≥ ${min}. Received: ${name}=${show(value)}.`);
  }
}

/** `value` must be a boolean. */
export function checkBoolean(where: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}${name} must be true or false. Received: ${name}=${show(value)}.`);
  }
}

/** Adam's `betas`: two numbers, each in [0, 1). */
export function checkBetas(where: string, value: unknown): void {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ValueError(`${where}betas must be a pair [beta1, beta2]. Received: betas=${show(value)}.`);
  }
  value.forEach((b: unknown, i) => {
    if (typeof b !== 'number' || !(b >= 0 && b < 1)) {
      throw new ValueError(`${where}betas[${i}] must be in [0, 1). Received: betas=${show(value)}.`);
    }
  });
}

/** `value` must be one of `allowed`. */
export function checkOneOf(where: string, name: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new ValueError(`${where}${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}. Received: ${name}=${show(value)}.`);
  }
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}
