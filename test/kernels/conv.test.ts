// Conv2d kernels: the TypeScript reference against a direct (non-im2col) convolution, then every
// tier against the reference: 1×1 convs, stride, padding, odd sizes, batch 1, bias / no bias.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, kernels as K } from '../../src/index.js';
import { REF, TIERS, assertClose, randomArray } from './tiers.js';

function geometry(batch: number, c: number, h: number, w: number, o: number, kh: number, kw: number, stride: number, pad: number): K.ConvGeometry {
  return {
    batch, inChannels: c, height: h, width: w, outChannels: o, kernelH: kh, kernelW: kw,
    strideH: stride, strideW: stride, padH: pad, padW: pad,
    outH: Math.floor((h + 2 * pad - kh) / stride) + 1, outW: Math.floor((w + 2 * pad - kw) / stride) + 1,
  };
}

const CASES: K.ConvGeometry[] = [
  geometry(2, 3, 8, 8, 4, 3, 3, 1, 1),
  geometry(1, 1, 5, 7, 2, 3, 3, 1, 0),
  geometry(3, 4, 6, 6, 5, 1, 1, 1, 0),
  geometry(2, 3, 9, 7, 3, 3, 3, 2, 1),
  geometry(1, 2, 5, 5, 3, 5, 5, 1, 2),
  geometry(2, 5, 7, 9, 6, 2, 3, 2, 0),
  geometry(4, 3, 16, 16, 8, 3, 3, 1, 1),
  geometry(1, 2, 3, 3, 2, 3, 3, 3, 1),
  geometry(8, 16, 12, 12, 24, 3, 3, 1, 1),
  // Past one GEMM block (wasm: KC = 256 rows of C·KH·KW or O·KH·KW, NC = 512 pixels), with
  // pixel blocks that start mid-row: forward, and the stride-1 input gradient as a conv of dy.
  geometry(2, 32, 24, 23, 7, 3, 3, 1, 1),
  geometry(1, 5, 25, 24, 33, 3, 3, 1, 2),
  // Output widths that are multiples of 8 (wasm gathers whole rows into the panels), blocks
  // starting on a row (20·32 pixels) and mid-row (24·24).
  geometry(2, 4, 20, 32, 5, 3, 3, 1, 1),
  geometry(1, 3, 24, 24, 40, 3, 3, 1, 1),
];

function describeGeom(g: K.ConvGeometry): string {
  return `N${g.batch} C${g.inChannels} ${g.height}×${g.width} → O${g.outChannels} k${g.kernelH}×${g.kernelW} s${g.strideH} p${g.padH}`;
}

/** y[i, o, oy, ox] = Σ x[i, c, oy·s − p + ki, ox·s − p + kj]·w[o, c, ki, kj] (+ b[o]). */
function directConv(g: K.ConvGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array {
  const y = new Float32Array(g.batch * g.outChannels * g.outH * g.outW);
  for (let i = 0; i < g.batch; i++)
    for (let o = 0; o < g.outChannels; o++)
      for (let oy = 0; oy < g.outH; oy++)
        for (let ox = 0; ox < g.outW; ox++) {
          let s = bias === null ? 0 : bias[o]!;
          for (let c = 0; c < g.inChannels; c++)
            for (let ki = 0; ki < g.kernelH; ki++)
              for (let kj = 0; kj < g.kernelW; kj++) {
                const iy = oy * g.strideH - g.padH + ki;
                const ix = ox * g.strideW - g.padW + kj;
                if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) continue;
                s += x[((i * g.inChannels + c) * g.height + iy) * g.width + ix]! * w[((o * g.inChannels + c) * g.kernelH + ki) * g.kernelW + kj]!;
              }
          y[((i * g.outChannels + o) * g.outH + oy) * g.outW + ox] = s;
        }
  return y;
}

function sizes(g: K.ConvGeometry): { x: number; w: number; y: number } {
  return {
    x: g.batch * g.inChannels * g.height * g.width,
    w: g.outChannels * g.inChannels * g.kernelH * g.kernelW,
    y: g.batch * g.outChannels * g.outH * g.outW,
  };
}

describe('conv2d reference', () => {
  test('forward equals a direct convolution', () => {
    const g = new Generator(11);
    for (const geom of CASES.slice(0, 8)) {
      const s = sizes(geom);
      const x = randomArray(g, s.x);
      const w = randomArray(g, s.w);
      const bias = randomArray(g, geom.outChannels, 0);
      const y = new Float32Array(s.y);
      REF.conv2dForward(geom, x, w, bias, y);
      assertClose(y, directConv(geom, x, w, bias), `reference forward ${describeGeom(geom)}`, undefined, 1e-5, 1e-5);
    }
  });

  test('backward passes are the adjoints of the forward: <dy, conv(x)> = <dx, x> = <dw, w>', () => {
    const g = new Generator(12);
    for (const geom of CASES.slice(0, 8)) {
      const s = sizes(geom);
      const x = randomArray(g, s.x);
      const w = randomArray(g, s.w);
      const dy = randomArray(g, s.y);
      const y = new Float32Array(s.y);
      REF.conv2dForward(geom, x, w, null, y);
      const dx = new Float32Array(s.x);
      const dw = new Float32Array(s.w);
      const db = new Float32Array(geom.outChannels);
      REF.conv2dBackwardInput(geom, dy, w, dx);
      REF.conv2dBackwardFilter(geom, x, dy, dw, db);
      const dot = (a: Float32Array, b: Float32Array): number => a.reduce((acc, v, i) => acc + v * b[i]!, 0);
      const lhs = dot(dy, y);
      assert.ok(Math.abs(lhs - dot(dx, x)) < 1e-4 * (1 + Math.abs(lhs)), `dx adjoint ${describeGeom(geom)}`);
      assert.ok(Math.abs(lhs - dot(dw, w)) < 1e-4 * (1 + Math.abs(lhs)), `dw adjoint ${describeGeom(geom)}`);
      const p = geom.outH * geom.outW;
      for (let o = 0; o < geom.outChannels; o++) {
        let sdy = 0;
        for (let i = 0; i < geom.batch; i++) for (let t = 0; t < p; t++) sdy += dy[(i * geom.outChannels + o) * p + t]!;
        assert.ok(Math.abs(db[o]! - sdy) < 1e-4, `dbias ${describeGeom(geom)}`);
      }
    }
  });
});

for (const tier of TIERS) {
  describe(`conv2d on ${tier.name}`, { skip: tier.skip }, () => {
    test(`forward, backward-input, backward-filter on ${CASES.length} geometries`, () => {
      tier.use();
      try {
        const g = new Generator(13);
        for (const geom of CASES) {
          const s = sizes(geom);
          const what = `${tier.name} ${describeGeom(geom)}`;
          const x = randomArray(g, s.x);
          const w = randomArray(g, s.w);
          const dy = randomArray(g, s.y);
          for (const bias of [null, randomArray(g, geom.outChannels, 0)]) {
            const want = new Float32Array(s.y);
            const got = new Float32Array(s.y).fill(Number.NaN);
            REF.conv2dForward(geom, x, w, bias, want);
            tier.kernels!.conv2dForward(geom, x, w, bias, got);
            assertClose(got, want, `${what} forward bias=${bias !== null}`, undefined, 1e-4, 1e-5);
          }
          const dxWant = new Float32Array(s.x);
          const dxGot = new Float32Array(s.x).fill(Number.NaN);
          REF.conv2dBackwardInput(geom, dy, w, dxWant);
          tier.kernels!.conv2dBackwardInput(geom, dy, w, dxGot);
          assertClose(dxGot, dxWant, `${what} backward-input`, undefined, 1e-4, 1e-5);
          const dwWant = new Float32Array(s.w);
          const dbWant = new Float32Array(geom.outChannels);
          const dwGot = new Float32Array(s.w).fill(Number.NaN);
          const dbGot = new Float32Array(geom.outChannels).fill(Number.NaN);
          REF.conv2dBackwardFilter(geom, x, dy, dwWant, dbWant);
          tier.kernels!.conv2dBackwardFilter(geom, x, dy, dwGot, dbGot);
          assertClose(dwGot, dwWant, `${what} backward-filter`, undefined, 1e-4, 1e-4);
          assertClose(dbGot, dbWant, `${what} backward-bias`, undefined, 1e-4, 1e-4);
          tier.kernels!.conv2dBackwardFilter(geom, x, dy, dwGot, null);
          assertClose(dwGot, dwWant, `${what} backward-filter without bias`, undefined, 1e-4, 1e-4);
        }
      } finally {
        tier.done();
      }
    });
  });
}
