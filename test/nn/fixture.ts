// Reads the PyTorch-parity fixtures written by scripts/gen-nn-fixtures.py.
import { readFileSync } from 'node:fs';
import { Tensor, tensor } from '../../src/index.js';
import { assertClose } from '../helpers/gradcheck.js';

/** A tensor as the generator writes it. */
export interface TensorJson {
  shape: number[];
  data: number[];
}

/** Parse test/fixtures/nn/<name>.json. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/nn/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** A fresh tensor holding the fixture values. */
export function t(j: TensorJson, requiresGrad = false): Tensor {
  return tensor(j.data, { shape: j.shape, requiresGrad });
}

/** Copy fixture values into an existing tensor (a layer's parameter). */
export function setData(dst: Tensor, j: TensorJson): void {
  assertShape(dst, j.shape);
  dst.data.set(j.data);
}

/** Assert shape and values (1e-5 relative, 1e-6 absolute unless given). */
export function assertTensor(actual: Tensor | null, expected: TensorJson, what: string, rtol = 1e-5, atol = 1e-6): void {
  if (actual === null) throw new Error(`${what}: missing (null)`);
  assertShape(actual, expected.shape, what);
  assertClose(actual.data, expected.data, rtol, atol, what);
}

function assertShape(x: Tensor, shape: number[], what = 'tensor'): void {
  if (x.shape.length !== shape.length || x.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${what}: shape [${x.shape.join(', ')}] vs expected [${shape.join(', ')}]`);
  }
}

/** Run `fn`, returning the error it throws (or failing when it does not throw). */
export function caught(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected an error');
}
