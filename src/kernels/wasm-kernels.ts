import type { ConvGeometry, Kernels } from './kernels.js';
import { tsKernels } from './ts-kernels.js';
import { addBiasRelu } from './ts/elementwise.js';
import { wasmApi, type WasmMemory, type WasmModule } from './wasm-api.js';

/** Exports of build/wasm/kernels-*.wasm (asm/index.ts); pointers are byte offsets. */
interface WasmExports {
  memory: WasmMemory;
  heapBase(): number;
  gemmWorkspace(m: number, n: number, k: number): number;
  gemm(flags: number, m: number, n: number, k: number, a: number, b: number, c: number, work: number): void;
  conv2dForward(geom: number, x: number, w: number, bias: number, y: number, col: number, work: number): void;
  conv2dBackwardInput(geom: number, dy: number, w: number, dx: number, col: number, work: number): void;
  conv2dBackwardFilter(geom: number, x: number, dy: number, dw: number, dbias: number, col: number, work: number): void;
}

/**
 * Bump allocation in the module's linear memory for one call: reserve, commit (grows the memory),
 * copy inputs in, run, copy outputs out. Memory grows to the largest call and is reused.
 */
class Arena {
  private f32: Float32Array;
  private i32: Int32Array;
  private top = 0;

  constructor(private readonly exp: WasmExports) {
    this.f32 = new Float32Array(exp.memory.buffer);
    this.i32 = new Int32Array(exp.memory.buffer);
  }

  /** Starts a call: everything reserved before is released. */
  reset(): this {
    this.top = this.exp.heapBase();
    return this;
  }

  /** Reserves `bytes` (64-byte aligned) and returns the byte offset. */
  reserve(bytes: number): number {
    const at = (this.top + 63) & ~63;
    this.top = at + bytes;
    return at;
  }

  /** Grows memory to cover every reservation and refreshes the views. */
  commit(): void {
    const need = this.top - this.exp.memory.buffer.byteLength;
    if (need > 0) this.exp.memory.grow(Math.ceil(need / 65536));
    if (this.f32.buffer !== this.exp.memory.buffer) {
      this.f32 = new Float32Array(this.exp.memory.buffer);
      this.i32 = new Int32Array(this.exp.memory.buffer);
    }
  }

  put(at: number, src: Float32Array, length: number): void {
    this.f32.set(length === src.length ? src : src.subarray(0, length), at >> 2);
  }

  get(at: number, dst: Float32Array, length: number): void {
    dst.set(this.f32.subarray(at >> 2, (at >> 2) + length));
  }

  putInts(at: number, values: number[]): void {
    this.i32.set(values, at >> 2);
  }
}

function geomInts(g: ConvGeometry): number[] {
  return [g.batch, g.inChannels, g.height, g.width, g.outChannels, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padH, g.padW, g.outH, g.outW];
}

/**
 * WebAssembly kernels: GEMM and Conv2d (compute-bound) run in the SIMD module; memory-bound
 * kernels (elementwise, batch norm, softmax, Adam) reuse the TypeScript ones, since copying
 * their operands into linear memory and back costs as much as the loop itself.
 */
export function wasmKernels(module: WasmModule): Kernels {
  if (wasmApi === null) throw new Error('clinreg wasm kernels: WebAssembly is not available');
  const instance = new wasmApi.Instance(module, {
    env: {
      abort: () => {
        throw new Error('clinreg wasm kernels: abort');
      },
    },
  });
  const exp = instance.exports as unknown as WasmExports;
  const arena = new Arena(exp);

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

  /** Reserves the conv geometry, col buffer and GEMM workspace shared by the three conv calls. */
  const convScratch = (g: ConvGeometry): { geom: number; col: number; work: number } => {
    const p = g.outH * g.outW;
    const ckk = g.inChannels * g.kernelH * g.kernelW;
    const geom = arena.reserve(13 * 4);
    const col = arena.reserve(4 * ckk * p);
    const work = arena.reserve(
      Math.max(exp.gemmWorkspace(g.outChannels, p, ckk), exp.gemmWorkspace(ckk, p, g.outChannels), exp.gemmWorkspace(g.outChannels, ckk, p)),
    );
    return { geom, col, work };
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
    linear(m, n, k, x, w, bias, y, relu) {
      gemm(false, true, m, n, k, x, w, y, false);
      addBiasRelu(m, n, y, bias, relu);
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
      exp.conv2dForward(scratch.geom, px, pw, pb, py, scratch.col, scratch.work);
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
      exp.conv2dBackwardInput(scratch.geom, pdy, pw, pdx, scratch.col, scratch.work);
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
