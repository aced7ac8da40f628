// Replays the PyTorch 1.13 cases of test/fixtures/tensor/*.json (made by scripts/gen-tensor-fixtures.py):
// forward output, then the gradients of sum(output · weight), each to 1e-5 relative.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import * as ct from '../../src/index.js';
import { Tensor } from '../../src/index.js';
import { assertClose } from '../helpers/gradcheck.js';

interface Encoded {
  shape: number[];
  data: number[];
}

type Args = Record<string, unknown>;

export interface FixtureCase {
  name: string;
  op: string;
  args: Args;
  inputs: Encoded[];
  output: Encoded;
  weight?: Encoded;
  grads?: (Encoded | null)[];
}

/** The cases of one fixture file. */
export function loadCases(file: string): FixtureCase[] {
  const url = new URL(`../fixtures/tensor/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: FixtureCase[] }).cases;
}

const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

function indexArg(e: unknown): ct.IndexTensor {
  const { shape, data } = e as Encoded;
  return { shape, data: Int32Array.from(data) };
}

/** Calls the clinreg op a case names, with the case's arguments. */
const OPS: Record<string, (xs: Tensor[], a: Args) => Tensor> = {
  sum: ([x], a) => ct.sum(x!, opt<number | number[]>(a.dim), a.keepdim as boolean),
  mean: ([x], a) => ct.mean(x!, opt<number | number[]>(a.dim), a.keepdim as boolean),
  max: ([x], a) => ct.max(x!, opt<number>(a.dim), a.keepdim as boolean),
  min: ([x], a) => ct.min(x!, opt<number>(a.dim), a.keepdim as boolean),
  argmax: ([x], a) => ct.argmax(x!, opt<number>(a.dim), a.keepdim as boolean),
  argmin: ([x], a) => ct.argmin(x!, opt<number>(a.dim), a.keepdim as boolean),
  exp: ([x]) => ct.exp(x!),
  log: ([x]) => ct.log(x!),
  neg: ([x]) => ct.neg(x!),
  abs: ([x]) => ct.abs(x!),
  sqrt: ([x]) => ct.sqrt(x!),
  relu: ([x]) => ct.relu(x!),
  sigmoid: ([x]) => ct.sigmoid(x!),
  tanh: ([x]) => ct.tanh(x!),
  pow: ([x], a) => ct.pow(x!, a.exponent as number),
  clamp: ([x], a) => ct.clamp(x!, opt<number>(a.min), opt<number>(a.max)),
  softmax: ([x], a) => ct.softmax(x!, a.dim as number),
  logSoftmax: ([x], a) => ct.logSoftmax(x!, a.dim as number),
  add: ([x, y]) => ct.add(x!, y!),
  sub: ([x, y]) => ct.sub(x!, y!),
  mul: ([x, y]) => ct.mul(x!, y!),
  div: ([x, y]) => ct.div(x!, y!),
  maximum: ([x, y]) => ct.maximum(x!, y!),
  minimum: ([x, y]) => ct.minimum(x!, y!),
  where: ([x, y], a) => ct.where(decode(a.condition as Encoded), x!, y!),
  reshape: ([x], a) => ct.reshape(x!, a.shape as number[]),
  flatten: ([x], a) => ct.flatten(x!, a.startDim as number, a.endDim as number),
  squeeze: ([x], a) => ct.squeeze(x!, opt<number>(a.dim)),
  unsqueeze: ([x], a) => ct.unsqueeze(x!, a.dim as number),
  transpose: ([x], a) => ct.transpose(x!, a.dim0 as number, a.dim1 as number),
  permute: ([x], a) => ct.permute(x!, a.dims as number[]),
  concat: (xs, a) => ct.concat(xs, a.dim as number),
  stack: (xs, a) => ct.stack(xs, a.dim as number),
  slice: ([x], a) => ct.slice(x!, a.dim as number, a.start as number, a.end as number),
  gather: ([x], a) => ct.gather(x!, a.dim as number, indexArg(a.index)),
  indexSelect: ([x], a) => ct.indexSelect(x!, a.dim as number, indexArg(a.index).data),
};

function decode(e: Encoded, requiresGrad = false): Tensor {
  return new Tensor(Float32Array.from(e.data), e.shape, requiresGrad);
}

/** Run one case; returns nothing, asserts shape, values and gradients. */
export function checkCase(c: FixtureCase): void {
  const fn = OPS[c.op];
  assert.ok(fn !== undefined, `no runner for op ${c.op}`);
  const withGrad = c.grads !== undefined;
  const xs = c.inputs.map((e) => decode(e, withGrad));
  const y = fn(xs, c.args);
  assert.deepEqual(y.shape, c.output.shape, `${c.name}: output shape`);
  assertClose(y.data, c.output.data, 1e-5, 1e-6, `${c.name}: output`);
  if (!withGrad) return;
  ct.sum(ct.mul(y, decode(c.weight!))).backward();
  c.grads!.forEach((g, k) => {
    if (g === null) return;
    const grad = xs[k]!.grad;
    assert.ok(grad !== null, `${c.name}: input ${k} has no gradient`);
    assert.deepEqual(grad.shape, g.shape, `${c.name}: gradient ${k} shape`);
    assertClose(grad.data, g.data, 1e-5, 1e-6, `${c.name}: gradient ${k}`);
  });
}
