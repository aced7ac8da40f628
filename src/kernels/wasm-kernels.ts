import type { ConvGeometry, Kernels } from './kernels.js';
import { tsKernels } from './ts-kernels.js';
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
  relu(n: number, x: number, y: number): void;
  reluBackward(n: number, y: number, dy: number, dx: number): void;
  dropout(n: number, x: number, bits: number, threshold: number, scale: number, y: number, mask: number): void;
  channelAffine(n: number, c: number, s: number, x: number, scale: number, shift: number, y: number): void;
  biasRelu(m: number, n: number, y: number, bias: number, relu: boolean): void;
}

/**
 * From this many elements on, ReLU, dropout and the batch-norm affine run in the SIMD module:
 * copying in and out is then cheaper than the TypeScript loop (524,288 floats on a 2-core EPYC:
 * ReLU 4.4 ms in TypeScript, a copy of 2 MiB ~0.1 ms).
 */
const WASM_ELEMENTS = 16384;

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

  putBits(at: number, src: Uint32Array, length: number): void {
    new Uint32Array(this.f32.buffer, at, length).set(length === src.length ? src : src.subarray(0, length));
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
 * WebAssembly kernels: GEMM and Conv2d (compute-bound) run in the SIMD module, and so do ReLU,
 * its gradient, dropout and the batch-norm affine on large tensors (WASM_ELEMENTS); the other
 * memory-bound kernels (binary ops, batch-norm training, softmax, Adam) and small tensors reuse
 * the TypeScript ones, where copying into linear memory and back would cost as much as the loop.
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

  /** Runs a unary elementwise export on n floats: x in, y out. */
  const unary = (n: number, x: Float32Array, y: Float32Array, run: (px: number, py: number) => void): void => {
    arena.reset();
    const px = arena.reserve(4 * n);
    const py = arena.reserve(4 * n);
    arena.commit();
    arena.put(px, x, n);
    run(px, py);
    arena.get(py, y, n);
  };

  return {
    ...tsKernels,
    tier: 'wasm',
    gemm,
    relu(n, x, y) {
      if (n < WASM_ELEMENTS) tsKernels.relu(n, x, y);
      else unary(n, x, y, (px, py) => exp.relu(n, px, py));
    },
    reluBackward(n, y, dy, dx) {
      if (n < WASM_ELEMENTS) return tsKernels.reluBackward(n, y, dy, dx);
      arena.reset();
      const py = arena.reserve(4 * n);
      const pdy = arena.reserve(4 * n);
      const pdx = arena.reserve(4 * n);
      arena.commit();
      arena.put(py, y, n);
      arena.put(pdy, dy, n);
      exp.reluBackward(n, py, pdy, pdx);
      arena.get(pdx, dx, n);
    },
    dropout(n, x, bits, threshold, scale, y, mask) {
      if (n < WASM_ELEMENTS) return tsKernels.dropout(n, x, bits, threshold, scale, y, mask);
      arena.reset();
      const px = arena.reserve(4 * n);
      const pb = arena.reserve(4 * n);
      const py = arena.reserve(4 * n);
      const pm = mask === null ? 0 : arena.reserve(4 * n);
      arena.commit();
      arena.put(px, x, n);
      arena.putBits(pb, bits, n);
      // threshold ≤ 2³²: at 2³² nothing is kept, i.e. every element gets scale 0.
      const none = threshold > 4294967295;
      exp.dropout(n, px, pb, none ? 4294967295 : threshold, none ? 0 : scale, py, pm);
      arena.get(py, y, n);
      if (mask !== null) arena.get(pm, mask, n);
    },
    channelAffine(n, c, s, x, scale, shift, y) {
      const total = n * c * s;
      if (total < WASM_ELEMENTS) return tsKernels.channelAffine(n, c, s, x, scale, shift, y);
      arena.reset();
      const px = arena.reserve(4 * total);
      const pa = arena.reserve(4 * c);
      const pb = arena.reserve(4 * c);
      const py = arena.reserve(4 * total);
      arena.commit();
      arena.put(px, x, total);
      arena.put(pa, scale, c);
      arena.put(pb, shift, c);
      exp.channelAffine(n, c, s, px, pa, pb, py);
      arena.get(py, y, total);
    },
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
