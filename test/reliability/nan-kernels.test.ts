// NaN and ±Inf propagate through GEMM, Linear, Conv2d and dropout on every kernel tier exactly as
// in PyTorch 1.13 (issue #19): a zero multiplier is never skipped (0·NaN = NaN, 0·Inf = NaN) and
// dropout is `input·mask`, so a dropped NaN stays NaN and a dropped −1 becomes −0. Reference values
// from scripts/gen-nan-kernel-fixtures.py (operands are multiples of 1/4, so every tier must match
// PyTorch bit for bit).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Tensor, kernels as K, manualSeed, nn } from '../../src/index.js';
import { REF, TIERS, type TierCase } from '../kernels/tiers.js';

type Num = number | 'nan' | 'inf' | '-inf' | '-0';
interface GemmCase {
  transA: boolean; transB: boolean; m: number; n: number; k: number; accumulate: boolean;
  a: Num[]; b: Num[]; c0: Num[] | null; c: Num[];
}
interface LinearCase { m: number; n: number; k: number; relu: boolean; x: Num[]; w: Num[]; bias: Num[]; y: Num[] }
interface ConvCase {
  batch: number; inChannels: number; height: number; width: number; outChannels: number; kernel: number; pad: number;
  x: Num[]; w: Num[]; y: Num[]; dy: Num[]; dx: Num[]; dw: Num[];
}
interface DropoutCase { p: number; x: Num[]; keep: boolean[]; y: Num[]; g: Num[]; gx: Num[] }

const fixture = JSON.parse(readFileSync(new URL('../fixtures/reliability/nan-kernels.json', import.meta.url), 'utf8')) as {
  gemm: GemmCase[]; linear: LinearCase[]; conv2d: ConvCase[]; dropout: DropoutCase;
};

const SPECIAL: Record<string, number> = { nan: Number.NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 };
const num = (v: Num): number => (typeof v === 'number' ? v : SPECIAL[v]!);
const f32 = (xs: Num[]): Float32Array => Float32Array.from(xs, num);

/** Bit-for-bit equality with PyTorch (NaN matches any NaN; 0 and −0 differ). */
function assertSame(actual: ArrayLike<number>, expected: Num[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const want = num(expected[i]!);
    if (!Object.is(actual[i], want)) assert.fail(`${what}: element ${i} is ${Object.is(actual[i], -0) ? '-0' : actual[i]}, PyTorch gives ${expected[i]}`);
  }
}

/** Values equal, NaN where PyTorch has NaN (the sign of a zero is not compared). */
function assertValues(actual: ArrayLike<number>, expected: Num[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const want = num(expected[i]!);
    const ok = Number.isNaN(want) ? Number.isNaN(actual[i]) : actual[i] === want;
    if (!ok) assert.fail(`${what}: element ${i} is ${actual[i]}, PyTorch gives ${expected[i]}`);
  }
}

function geometry(c: ConvCase): K.ConvGeometry {
  const out = (size: number): number => size + 2 * c.pad - c.kernel + 1;
  return {
    batch: c.batch, inChannels: c.inChannels, height: c.height, width: c.width, outChannels: c.outChannels,
    kernelH: c.kernel, kernelW: c.kernel, strideH: 1, strideW: 1, padH: c.pad, padW: c.pad, outH: out(c.height), outW: out(c.width),
  };
}

const ALL: TierCase[] = [{ name: 'ts', kernels: REF, skip: false, use: () => undefined, done: () => undefined }, ...TIERS];

for (const tier of ALL) {
  describe(`NaN/Inf propagation on ${tier.name} (PyTorch 1.13 fixture)`, { skip: tier.skip }, () => {
    const run = (body: (k: K.Kernels) => void) => () => {
      tier.use();
      try {
        body(tier.kernels!);
      } finally {
        tier.done();
      }
    };

    test('gemm forms every product: 0·NaN and 0·Inf give NaN (all transposes, GEMV, packed, threaded)', run((k) => {
      for (const c of fixture.gemm) {
        const out = c.c0 === null ? new Float32Array(c.m * c.n).fill(7) : f32(c.c0);
        k.gemm(c.transA, c.transB, c.m, c.n, c.k, f32(c.a), f32(c.b), out, c.accumulate);
        assertValues(out, c.c, `${tier.name} gemm ta=${c.transA} tb=${c.transB} ${c.m}×${c.n}×${c.k}${c.accumulate ? ' +=' : ''}`);
      }
    }));

    test('linear (with and without the fused ReLU) propagates NaN from 0·NaN', run((k) => {
      for (const c of fixture.linear) {
        const y = new Float32Array(c.m * c.n);
        k.linear(c.m, c.n, c.k, f32(c.x), f32(c.w), f32(c.bias), y, c.relu);
        assertValues(y, c.y, `${tier.name} linear ${c.m}×${c.n}×${c.k} relu=${c.relu}`);
      }
    }));

    test('conv2d forward and backward input/filter (unpadded) propagate NaN from 0·NaN', run((k) => {
      for (const c of fixture.conv2d) {
        const g = geometry(c);
        const what = `${tier.name} conv2d k=${c.kernel} pad=${c.pad}`;
        const y = new Float32Array(c.y.length);
        k.conv2dForward(g, f32(c.x), f32(c.w), null, y);
        assertValues(y, c.y, `${what} forward`);
        const dx = new Float32Array(c.dx.length);
        k.conv2dBackwardInput(g, f32(c.dy), f32(c.w), dx);
        assertValues(dx, c.dx, `${what} backward input`);
        const dw = new Float32Array(c.dw.length);
        k.conv2dBackwardFilter(g, f32(c.x), f32(c.dy), dw, null);
        assertValues(dw, c.dw, `${what} backward filter`);
      }
    }));

    test('dropout kernel is x·mask: dropped NaN/±Inf give NaN, dropped negatives −0; its gradient g·mask', run((k) => {
      const d = fixture.dropout;
      // The fixture as is, and tiled 256 times (18,432 elements: the wasm tier's SIMD path).
      for (const times of [1, 256]) {
        const tiled = <T>(xs: T[]): T[] => Array.from({ length: times }, () => xs).flat();
        const n = d.x.length * times;
        // PyTorch's mask, forced through the kernel's threshold test.
        const bits = Uint32Array.from(tiled(d.keep), (kept) => (kept ? 0xffffffff : 0));
        const y = new Float32Array(n);
        const mask = new Float32Array(n);
        k.dropout(n, f32(tiled(d.x)), bits, Math.ceil(d.p * 4294967296), 1 / (1 - d.p), y, mask);
        assertSame(y, tiled(d.y), `${tier.name} dropout forward n=${n}`);
        const noMask = new Float32Array(n);
        k.dropout(n, f32(tiled(d.x)), bits, Math.ceil(d.p * 4294967296), 1 / (1 - d.p), noMask, null);
        assertSame(noMask, tiled(d.y), `${tier.name} dropout forward without mask n=${n}`);
        const gx = new Float32Array(n);
        k.binary(2, n, f32(tiled(d.g)), mask, gx, 0, 1);
        assertSame(gx, tiled(d.gx), `${tier.name} dropout backward n=${n}`);
      }
    }));

    test('nn.Dropout with autograd: each element is what PyTorch gives for its value and keep/drop', run((k) => {
      const d = fixture.dropout;
      // PyTorch's output for each (input value, kept) pair and gradient for each (gradient value, kept).
      const forward = new Map<string, Num>();
      const backward = new Map<string, Num>();
      d.x.forEach((v, i) => forward.set(`${v}|${d.keep[i]}`, d.y[i]!));
      d.g.forEach((v, i) => backward.set(`${v}|${d.keep[i]}`, d.gx[i]!));
      const previous = K.setKernels(k);
      try {
        const layer = new nn.Dropout(d.p);
        manualSeed(5);
        const kept = layer.forward(new Tensor(new Float32Array(d.x.length).fill(1), [d.x.length])).data.map((v) => (v !== 0 ? 1 : 0));
        manualSeed(5);
        const x = new Tensor(f32(d.x), [d.x.length], true);
        const y = layer.forward(x);
        y.backward(new Tensor(f32(d.g), [d.g.length]));
        const wantY = d.x.map((v, i) => forward.get(`${v}|${kept[i] === 1}`)!);
        const wantG = d.g.map((v, i) => backward.get(`${v}|${kept[i] === 1}`)!);
        assertSame(y.data, wantY, `${tier.name} nn.Dropout forward`);
        assertSame(x.grad!.data, wantG, `${tier.name} nn.Dropout backward`);
        assert.ok(kept.includes(0) && kept.includes(1), 'the seeded mask keeps some elements and drops others');
      } finally {
        K.setKernels(previous);
      }
    }));
  });
}
