// The Winograd F(2×2, 3×3) checks shared by the wasm and native tiers (wasm-winograd.test.ts,
// native-winograd.test.ts; not a test file): forward, input and filter gradients against the
// TypeScript reference on 3×3 stride-1 geometries — odd output sizes (tiles past the last row or
// column), tile groups across row ends, more than one tile block, channel counts past one GEMM depth
// block and not multiples of the register tile — and a NaN or Inf in x, dy or w reaching exactly the
// outputs the reference's products reach (the transforms would spread it over whole tiles, so such
// calls must take im2col).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Generator, kernels as K } from '../../src/index.js';
import { REF, abs, assertClose, randomArray, type TierCase } from './tiers.js';

function geometry(batch: number, c: number, h: number, w: number, o: number, pad: number): K.ConvGeometry {
  return {
    batch, inChannels: c, height: h, width: w, outChannels: o, kernelH: 3, kernelW: 3,
    strideH: 1, strideW: 1, padH: pad, padW: pad, outH: h + 2 * pad - 2, outW: w + 2 * pad - 2,
  };
}

/** Geometries every tier's Winograd path is checked on. */
const CASES: K.ConvGeometry[] = [
  geometry(2, 16, 8, 8, 8, 1),
  geometry(1, 20, 11, 13, 7, 1),
  geometry(2, 16, 7, 9, 17, 0),
  geometry(1, 17, 6, 6, 19, 2),
  geometry(1, 16, 20, 20, 6, 1),
  geometry(1, 300, 5, 5, 4, 1),
  geometry(1, 4, 6, 6, 280, 1),
  geometry(3, 24, 16, 16, 32, 1),
  geometry(2, 16, 35, 33, 16, 1),
];

function describeGeom(g: K.ConvGeometry): string {
  return `N${g.batch} C${g.inChannels} ${g.height}×${g.width} → O${g.outChannels} p${g.padH}`;
}

function sizes(g: K.ConvGeometry): { x: number; w: number; y: number } {
  return { x: g.batch * g.inChannels * g.height * g.width, w: g.outChannels * g.inChannels * 9, y: g.batch * g.outChannels * g.outH * g.outW };
}

/** Asserts NaN exactly where the reference has NaN, and the other values within tolerance of it. */
function assertSameNaN(got: Float32Array, want: Float32Array, scale: Float32Array, what: string): void {
  for (let i = 0; i < want.length; i++) {
    assert.equal(Number.isNaN(got[i]!), Number.isNaN(want[i]!), `${what}: element ${i} is ${got[i]}, the reference ${want[i]}`);
  }
  const keep = (a: Float32Array): Float32Array => a.filter((_, i) => Number.isFinite(want[i]!));
  assertClose(keep(got), keep(want), what, keep(scale), 2e-5, 1e-6);
}

/**
 * The Winograd checks on one kernel tier (its `use`/`done` switch the native ISA path around each test).
 * @param tier the tier under test, from tiers.ts's TIERS.
 */
export function winogradSuite(tier: TierCase): void {
  describe(`${tier.name} Winograd conv2d`, { skip: tier.skip }, () => {
    const k = tier.kernels!;
    beforeEach(() => tier.use());
    afterEach(() => tier.done());

    test(`forward, input and filter gradients equal the reference on ${CASES.length} 3×3 stride-1 geometries`, () => {
      const g = new Generator(21);
      for (const geom of CASES) {
        const s = sizes(geom);
        const what = describeGeom(geom);
        const x = randomArray(g, s.x);
        const w = randomArray(g, s.w);
        const dy = randomArray(g, s.y);
        const bias = randomArray(g, geom.outChannels, 0);
        const want = new Float32Array(s.y);
        const scale = new Float32Array(s.y);
        const got = new Float32Array(s.y).fill(Number.NaN);
        REF.conv2dForward(geom, x, w, bias, want);
        REF.conv2dForward(geom, abs(x), abs(w), abs(bias), scale);
        k.conv2dForward(geom, x, w, bias, got);
        assertClose(got, want, `${what} forward`, scale, 2e-5, 1e-6);
        const dxWant = new Float32Array(s.x);
        const dxScale = new Float32Array(s.x);
        const dxGot = new Float32Array(s.x).fill(Number.NaN);
        REF.conv2dBackwardInput(geom, dy, w, dxWant);
        REF.conv2dBackwardInput(geom, abs(dy), abs(w), dxScale);
        k.conv2dBackwardInput(geom, dy, w, dxGot);
        assertClose(dxGot, dxWant, `${what} backward-input`, dxScale, 2e-5, 1e-6);
        const dwWant = new Float32Array(s.w);
        const dwScale = new Float32Array(s.w);
        const dbWant = new Float32Array(geom.outChannels);
        const dwGot = new Float32Array(s.w).fill(Number.NaN);
        const dbGot = new Float32Array(geom.outChannels).fill(Number.NaN);
        REF.conv2dBackwardFilter(geom, x, dy, dwWant, dbWant);
        REF.conv2dBackwardFilter(geom, abs(x), abs(dy), dwScale, null);
        k.conv2dBackwardFilter(geom, x, dy, dwGot, dbGot);
        assertClose(dwGot, dwWant, `${what} backward-filter`, dwScale, 2e-5, 1e-6);
        assertClose(dbGot, dbWant, `${what} bias gradient`, undefined, 1e-5, 1e-5);
      }
    });

    test('a NaN or Inf in x, dy or w reaches the outputs (and filter gradients) the reference reaches, no others', () => {
      const g = new Generator(22);
      const geom = geometry(2, 16, 9, 10, 18, 1);
      const s = sizes(geom);
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        for (const where of ['x', 'dy', 'w'] as const) {
          const x = randomArray(g, s.x);
          const w = randomArray(g, s.w);
          const dy = randomArray(g, s.y);
          // Row 2, column 2 of channel 1: with padding 1, the last patch row and column of tile 0
          // and the second of tile 1 (inside the windows of only some of tile 0's outputs).
          if (where === 'x') x[(geom.inChannels + 2) * geom.width + 2] = bad;
          else if (where === 'dy') dy[(geom.outChannels + 2) * geom.outW + 2] = bad;
          else w[Math.floor(g.random() * w.length)] = bad;
          const what = `${bad} in ${where}`;
          const y = new Float32Array(s.y);
          const yWant = new Float32Array(s.y);
          const yScale = new Float32Array(s.y);
          k.conv2dForward(geom, x, w, null, y);
          REF.conv2dForward(geom, x, w, null, yWant);
          REF.conv2dForward(geom, abs(x), abs(w), null, yScale);
          assertSameNaN(y, yWant, yScale, `${what}: forward`);
          const dx = new Float32Array(s.x);
          const dxWant = new Float32Array(s.x);
          const dxScale = new Float32Array(s.x);
          k.conv2dBackwardInput(geom, dy, w, dx);
          REF.conv2dBackwardInput(geom, dy, w, dxWant);
          REF.conv2dBackwardInput(geom, abs(dy), abs(w), dxScale);
          assertSameNaN(dx, dxWant, dxScale, `${what}: backward-input`);
          const dw = new Float32Array(s.w);
          const dwWant = new Float32Array(s.w);
          const dwScale = new Float32Array(s.w);
          k.conv2dBackwardFilter(geom, x, dy, dw, null);
          REF.conv2dBackwardFilter(geom, x, dy, dwWant, null);
          REF.conv2dBackwardFilter(geom, abs(x), abs(dy), dwScale, null);
          assertSameNaN(dw, dwWant, dwScale, `${what}: backward-filter`);
        }
      }
    });
  });
}
