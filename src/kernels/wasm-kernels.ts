import type { ConvGeometry, Kernels } from './kernels.js';
import { tsKernels } from './ts-kernels.js';
import { wasmApi, type WasmModule } from './wasm-api.js';
import { Arena, type WasmExports } from './wasm-arena.js';
import { wasmAdam } from './wasm-adam.js';
import { wasmBinary } from './wasm-binary.js';
import { wasmElementwise } from './wasm-elementwise.js';
import { Placer } from './wasm-place.js';
import { makeWasmResident, type WasmResident } from './wasm-resident.js';

function geomInts(g: ConvGeometry): number[] {
  return [g.batch, g.inChannels, g.height, g.width, g.outChannels, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padH, g.padW, g.outH, g.outW];
}

/**
 * WebAssembly kernels: GEMM and Conv2d (compute-bound) run in the module, and so do elementwise
 * arithmetic and sums (every call: the ops call them from KERNEL_MIN elements on), Adam, ReLU,
 * its gradient, dropout and batch norm (training forward, backward, eval affine) from
 * WASM_ELEMENTS on; softmax and small tensors reuse the TypeScript kernels, where copying into
 * linear memory and back would cost as much as the loop.
 */
export function wasmKernels(module: WasmModule): Kernels {
  if (wasmApi === null) throw new Error('clinreg wasm kernels: WebAssembly is not available');
  const imports = {
    env: {
      abort: () => {
        throw new Error('clinreg wasm kernels: abort');
      },
    },
  };
  const instance = new wasmApi.Instance(module, imports);
  const exp = instance.exports as unknown as WasmExports;
  const arena = new Arena(exp);
  // Made on the first resident array: a process that draws no tensor storage reserves no region.
  let resident: WasmResident | null | undefined;
  const residentNow = (): WasmResident | null => resident ?? null;
  const placer = new Placer(exp, arena, residentNow);

  const gemm: Kernels['gemm'] = (transA, transB, m, n, k, a, b, c, accumulate) => {
    arena.reset();
    const pa = arena.reserve(4 * m * k);
    const pb = arena.reserve(4 * k * n);
    const pc = arena.reserve(4 * m * n);
    const work = arena.reserve(exp.gemmWorkspace(m, n, k));
    arena.commit();
    arena.put(pa, a, m * k);
    arena.put(pb, b, k * n);
    if (accumulate) arena.put(pc, c, m * n);
    exp.gemm((transA ? 1 : 0) | (transB ? 2 : 0) | (accumulate ? 4 : 0), m, n, k, pa, pb, pc, work);
    arena.get(pc, c, m * n);
  };

  /**
   * Reserves what the three conv calls share: the geometry (and the module's scratch geometry of
   * the input gradient), the im2col buffer (filter gradient and strided input gradient), the GEMM
   * or Winograd workspace, and the weights packed (or Winograd-transformed) once per call with
   * room for their flipped copy.
   */
  const convScratch = (g: ConvGeometry): { geom: number; col: number; work: number; apack: number } => {
    const p = g.outH * g.outW;
    const hw = g.height * g.width;
    const kk = g.kernelH * g.kernelW;
    const ckk = g.inChannels * kk;
    const okk = g.outChannels * kk;
    const geom = arena.reserve(26 * 4);
    const col = arena.reserve(4 * ckk * p);
    const work = arena.reserve(
      Math.max(
        exp.convWorkspace(g.outChannels, p, ckk), exp.gemmWorkspace(ckk, p, g.outChannels),
        exp.gemmWorkspace(g.outChannels, ckk, p), exp.convWorkspace(g.inChannels, hw, okk),
        exp.winogradWorkspace(g.outChannels, g.inChannels, g.outH, g.outW), exp.winogradWorkspace(g.inChannels, g.outChannels, g.height, g.width),
        exp.winogradFilterWorkspace(g.outChannels, g.inChannels, g.outH, g.outW),
      ),
    );
    const apack = arena.reserve(Math.max(
      exp.packedASize(g.outChannels, ckk), exp.packedASize(g.inChannels, okk),
      exp.winogradWeightsSize(g.outChannels, g.inChannels), exp.winogradWeightsSize(g.inChannels, g.outChannels),
    ) + 4 * g.outChannels * ckk);
    return { geom, col, work, apack };
  };
  const sizes = (g: ConvGeometry): { x: number; w: number; y: number } => ({
    x: g.batch * g.inChannels * g.height * g.width,
    w: g.outChannels * g.inChannels * g.kernelH * g.kernelW,
    y: g.batch * g.outChannels * g.outH * g.outW,
  });

  return {
    ...tsKernels,
    tier: 'wasm',
    gemm,
    ...wasmElementwise(placer),
    ...wasmBinary(exp, arena, residentNow, placer),
    residentFloat32(n, input) {
      if (resident === undefined) resident = makeWasmResident(module, imports);
      return resident === null ? null : resident.region.alloc(n, input);
    },
    residentStats: () => resident?.region.counters() ?? null,
    ...wasmAdam(placer),
    linear(m, n, k, x, w, bias, y, relu) {
      // The epilogue runs on the product while it is still in linear memory.
      arena.reset();
      const px = arena.reserve(4 * m * k);
      const pw = arena.reserve(4 * n * k);
      const py = arena.reserve(4 * m * n);
      const pb = bias === null ? 0 : arena.reserve(4 * n);
      const work = arena.reserve(exp.gemmWorkspace(m, n, k));
      arena.commit();
      arena.put(px, x, m * k);
      arena.put(pw, w, n * k);
      if (bias !== null) arena.put(pb, bias, n);
      exp.gemm(2, m, n, k, px, pw, py, work);
      if (bias !== null || relu) exp.biasRelu(m, n, py, pb, relu);
      arena.get(py, y, m * n);
    },
    conv2dForward(g, x, w, bias, y) {
      const s = sizes(g);
      arena.reset();
      const px = arena.reserve(4 * s.x);
      const pw = arena.reserve(4 * s.w);
      const pb = bias === null ? 0 : arena.reserve(4 * g.outChannels);
      const py = arena.reserve(4 * s.y);
      const scratch = convScratch(g);
      arena.commit();
      arena.putInts(scratch.geom, geomInts(g));
      arena.put(px, x, s.x);
      arena.put(pw, w, s.w);
      if (bias !== null) arena.put(pb, bias, g.outChannels);
      exp.conv2dForward(scratch.geom, px, pw, pb, py, scratch.col, scratch.work, scratch.apack);
      arena.get(py, y, s.y);
    },
    conv2dBackwardInput(g, dy, w, dx) {
      const s = sizes(g);
      arena.reset();
      const pdy = arena.reserve(4 * s.y);
      const pw = arena.reserve(4 * s.w);
      const pdx = arena.reserve(4 * s.x);
      const scratch = convScratch(g);
      arena.commit();
      arena.putInts(scratch.geom, geomInts(g));
      arena.put(pdy, dy, s.y);
      arena.put(pw, w, s.w);
      exp.conv2dBackwardInput(scratch.geom, pdy, pw, pdx, scratch.col, scratch.work, scratch.apack);
      arena.get(pdx, dx, s.x);
    },
    conv2dBackwardFilter(g, x, dy, dw, dbias) {
      const s = sizes(g);
      arena.reset();
      const px = arena.reserve(4 * s.x);
      const pdy = arena.reserve(4 * s.y);
      const pdw = arena.reserve(4 * s.w);
      const pdb = dbias === null ? 0 : arena.reserve(4 * g.outChannels);
      const scratch = convScratch(g);
      arena.commit();
      arena.putInts(scratch.geom, geomInts(g));
      arena.put(px, x, s.x);
      arena.put(pdy, dy, s.y);
      exp.conv2dBackwardFilter(scratch.geom, px, pdy, pdw, pdb, scratch.col, scratch.work);
      arena.get(pdw, dw, s.w);
      if (dbias !== null) arena.get(pdb, dbias, g.outChannels);
    },
  };
}
