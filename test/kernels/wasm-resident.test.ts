// The wasm tier's resident region (src/kernels/resident-region.ts, wasm-resident.ts): tensor
// storage inside a second module instance's memory, which elementwise kernels and sums read and
// write in place. Checked: the same bits as the TypeScript reference whichever operands are
// resident (in place, copied through scratch, or the copying path when the output is not), views
// that survive the kernel module's own memory growing, storage handed back by the pool and reused,
// and the fallback to ordinary arrays once the region is full.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { add, clearPool, full, Generator, kernels as K, manualSeed, matmul, mul, nn, poolStats, randn, relu, sum, tensor, tidy, type Tensor } from '../../src/index.js';
import { BINARY_OPS, REF, randomArray } from './tiers.js';

const wasmOn = K.availableTiers().includes('wasm');
const WASM = wasmOn ? K.loadKernels('wasm') : null;

/** Whether `a` lives in the region (the same buffer as an array the region gives). */
function isRegion(a: Float32Array): boolean {
  return a.buffer === WASM!.residentFloat32!(512, false)?.buffer;
}

/** `n` floats of the region holding `values` (null if the region gives none). */
function residentCopy(values: Float32Array): Float32Array {
  const a = WASM!.residentFloat32!(values.length, false);
  assert.ok(a !== null, `the region gives ${values.length} floats`);
  a.set(values);
  return a;
}

/**
 * Run `fn` with the wasm kernels in use and an empty storage pool, then `cleanup` (the test's own
 * tensors) and empty the pool again (its blocks back to the region), whatever happened.
 */
function onWasm(fn: () => void, cleanup: () => void = () => undefined): void {
  const previous = K.setKernels(WASM!);
  try {
    clearPool();
    fn();
  } finally {
    cleanup();
    clearPool();
    K.setKernels(previous);
  }
}

describe('wasm resident region', { skip: wasmOn ? false : 'wasm tier not built' }, () => {
  after(() => clearPool());

  // First: the raw arrays of the tests below are never given back, and would leave no room for factories.
  test('tensor factories take region storage directly, but never more than half of the region', () => {
    const held: Tensor[] = [];
    onWasm(() => {
      randn([4096, 128]).dispose(); // the region exists
      clearPool();
      const capacity = WASM!.residentStats!()!.capacity;
      const start = WASM!.residentStats!()?.inUse ?? 0;
      assert.ok(2 * (start + 2 * 1024 * 1024) <= capacity, 'precondition: this test runs first, on a region less than half used');
      for (let i = 0; i < 24; i++) held.push(randn([4096, 128])); // 2 MiB each, kept
      const inUse = WASM!.residentStats!()!.inUse;
      assert.ok(inUse > start, 'factory storage is resident');
      assert.ok(2 * inUse <= capacity, `at most half of the region: ${inUse} of ${capacity}`);
      // Storage that comes back to the pool still finds room in the other half.
      tidy(() => void add(held[0]!, held[1]!)); // disposed at the scope's end: pooled as resident storage
      assert.ok(WASM!.residentStats!()!.inUse > inUse, 'a pooled output moved into the region');
      for (const t of held.splice(0)) t.dispose();
      clearPool();
      // Every block came back: arrays of another size are carved from the same memory.
      const small = tensor(new Float32Array(8192).fill(1)); // a factory: resident while the region is less than half used
      assert.ok(WASM!.residentStats!()!.inUse > 0, 'a smaller array is resident again');
      small.dispose();
    }, () => {
      for (const t of held) t.dispose();
    });
  });

  test('binary ops give the reference bits for every mix of resident and ordinary operands', () => {
    const g = new Generator(5);
    // [n, mid, inner]: same shape, a bias row, a column broadcast, a scalar, odd sizes.
    const cases: Array<[number, number, number]> = [[8192, 0, 1], [8192, 128, 1], [8192, 64, 128], [4099, 1, 4099], [1031, 0, 1], [5 * 517, 517, 1]];
    for (const [n, mid, inner] of cases) {
      const a0 = randomArray(g, n);
      const b0 = randomArray(g, mid === 0 ? n : mid);
      for (const op of BINARY_OPS) {
        const want = new Float32Array(n);
        REF.binary(op, n, a0, b0, want, mid, inner);
        for (const [ra, rb, ro] of [[true, true, true], [false, true, true], [true, false, true], [false, false, true], [true, true, false]]) {
          const a = ra ? residentCopy(a0) : a0.slice();
          const b = rb && b0.length >= 512 ? residentCopy(b0) : b0.slice();
          const out = ro ? residentCopy(new Float32Array(n).fill(7)) : new Float32Array(n).fill(7);
          const calls = WASM!.residentStats!()!.calls;
          WASM!.binary(op, n, a, b, out, mid, inner);
          assert.equal(WASM!.residentStats!()!.calls, calls + (ra || rb || ro ? 1 : 0), 'ran in place when an array is resident');
          assert.deepEqual(out, want, `op ${op}, [${n}, ${mid}, ${inner}], resident a ${ra} b ${rb} out ${ro}`);
        }
        // In place: the output is the first operand.
        const a = residentCopy(a0);
        WASM!.binary(op, n, a, b0.length >= 512 ? residentCopy(b0) : b0, a, mid, inner);
        assert.deepEqual(a, want, `op ${op}, [${n}, ${mid}, ${inner}] in place`);
      }
    }
  });

  test('sums over resident arrays give the reference bits', () => {
    const g = new Generator(6);
    for (const [outer, n, inner] of [[1, 64, 128], [64, 128, 1], [3, 517, 5], [1, 8192, 1]] as const) {
      const total = outer * n * inner;
      const x0 = randomArray(g, total);
      const x = residentCopy(x0);
      assert.equal(WASM!.sum(total, x), REF.sum(total, x0), `sum of ${total}`);
      for (const resident of [true, false]) {
        const want = new Float32Array(outer * inner);
        REF.sumAlong(outer, n, inner, x0, want, 0.5);
        const out = resident && want.length >= 512 ? residentCopy(new Float32Array(want.length)) : new Float32Array(want.length);
        WASM!.sumAlong(outer, n, inner, x, out, 0.5);
        assert.deepEqual(out, want, `sumAlong [${outer}, ${n}, ${inner}]`);
      }
      const rows = outer * n;
      for (const accumulate of [false, true]) {
        const start = randomArray(g, inner);
        const want = start.slice();
        REF.sumRows(rows, inner, x0, want, accumulate);
        const out = start.slice();
        WASM!.sumRows(rows, inner, x, out, accumulate);
        assert.deepEqual(out, want, `sumRows [${rows}, ${inner}] accumulate ${accumulate}`);
      }
    }
  });

  test('ReLU, dropout, batch norm and Adam on resident arrays give the bits of the copying path', () => {
    const g = new Generator(8);
    // Each kernel runs twice on the same values: ordinary arrays (the copying path) and resident ones
    // (in place; the small per-channel arrays go through the region's scratch).
    const both = (n: number, make: (alloc: (v: Float32Array) => Float32Array) => Float32Array[], run: (arrays: Float32Array[]) => void): [Float32Array[], Float32Array[]] => {
      const plain = make((v) => v.slice());
      const resident = make((v) => (v.length >= 512 ? residentCopy(v) : v.slice()));
      const calls = WASM!.residentStats!()!.calls;
      run(plain);
      assert.equal(WASM!.residentStats!()!.calls, calls, 'ordinary arrays: the copying path');
      run(resident);
      assert.ok(WASM!.residentStats!()!.calls > calls, 'resident arrays: run in place');
      return [plain, resident];
    };
    for (const [n, c] of [[64 * 128, 128], [1031 * 3, 3], [4096 * 32, 32]] as const) {
      const x = randomArray(g, n);
      const dy = randomArray(g, n);
      const bits = new Uint32Array(n);
      new Generator(9).fillUint32(bits);
      const cases: Array<[string, (alloc: (v: Float32Array) => Float32Array) => Float32Array[], (a: Float32Array[]) => void]> = [
        ['relu', (al) => [al(x), al(new Float32Array(n))], ([a, y]) => WASM!.relu(n, a!, y!)],
        ['reluBackward', (al) => [al(x), al(dy), al(new Float32Array(n))], ([y, d, dx]) => WASM!.reluBackward(n, y!, d!, dx!)],
        ['dropout', (al) => [al(x), al(new Float32Array(n)), al(new Float32Array(n))], ([a, y, m]) => WASM!.dropout(n, a!, bits, Math.ceil(0.3 * 4294967296), 1 / 0.7, y!, m!)],
        ['channelAffine', (al) => [al(x), al(new Float32Array(n)), randomArray(new Generator(3), c), randomArray(new Generator(4), c)], ([a, y, sc, sh]) => WASM!.channelAffine(n / c, c, 1, a!, sc!, sh!, y!)],
        ['batchNormTrain', (al) => [al(x), al(new Float32Array(n)), new Float32Array(c), new Float32Array(c)], ([a, y, m, v]) => WASM!.batchNormTrain(n / c, c, 1, a!, null, null, 1e-5, y!, m!, v!)],
        [
          'batchNormBackward',
          (al) => [al(x), al(dy), al(new Float32Array(n)), new Float32Array(c), new Float32Array(c)],
          ([a, d, dx, dg, db]) => {
            const mean = new Float32Array(c);
            const variance = new Float32Array(c);
            REF.batchNormTrain(n / c, c, 1, a!, null, null, 1e-5, new Float32Array(n), mean, variance);
            WASM!.batchNormBackward(n / c, c, 1, a!, d!, null, mean, variance, 1e-5, dx!, dg!, db!);
          },
        ],
        [
          'adam',
          (al) => [al(x), al(dy), al(randomArray(new Generator(5), n)), al(new Float32Array(n).fill(0.01))],
          ([p, gr, m, v]) => WASM!.adam(n, p!, gr!, m!, v!, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2, step: 3, decoupled: true }),
        ],
      ];
      for (const [name, make, run] of cases) {
        const [plain, resident] = both(n, make, run);
        plain.forEach((a, k) => assert.deepEqual(resident[k], a, `${name} [${n / c}, ${c}] array ${k}`));
      }
      // And against the TypeScript reference where the kernels are exact (ReLU, dropout, Adam).
      const y = residentCopy(new Float32Array(n));
      WASM!.relu(n, residentCopy(x), y);
      const want = new Float32Array(n);
      REF.relu(n, x, want);
      assert.deepEqual(y, want, `relu [${n}] against the reference`);
    }
  });

  test('in a tidy scope, storage that comes back to the pool is made resident; its values survive the kernel module growing', () => {
    onWasm(() => {
      manualSeed(1);
      const [a, b] = [new Float32Array(64 * 128), new Float32Array(64 * 128)].map((v) => tensor(randomArray(new Generator(7), v.length), { shape: [64, 128] }));
      const want = new Float32Array(64 * 128);
      REF.binary(0, want.length, a!.data, b!.data, want, 0, 1);
      const inUse = WASM!.residentStats!()?.inUse ?? 0;
      add(a!, b!).dispose(); // outside a scope: pooled as it is
      assert.equal(WASM!.residentStats!()?.inUse ?? 0, inUse, 'no promotion outside a scope');
      const c = tidy(() => {
        add(a!, b!).dispose(); // inside: the pooled array is moved into the region
        assert.equal(WASM!.residentStats!()!.inUse, inUse + 64 * 128 * 4, 'the pooled array was moved into the region');
        return add(a!, b!); // drawn from the pool: resident, computed in place; returned from the scope
    });
    assert.equal(WASM!.residentStats!()!.inUse, inUse + 64 * 128 * 4);
    const before = c.data.slice();
    assert.deepEqual(before, want);
    // A product larger than anything before grows the kernel module's memory (not the region's).
    const big = tidy(() => sum(matmul(randn([1500, 600]), randn([600, 700]))).item());
    assert.ok(Number.isFinite(big));
    assert.deepEqual(c.data, before, 'a resident view is intact after the module grew');
    const region = c.data.buffer;
    c.dispose(); // back to the pool, resident
    const pooled = WASM!.residentStats!()!.inUse;
    const outside = add(a!, b!); // outside a scope the pool hands out no resident storage
    assert.equal(WASM!.residentStats!()!.inUse, pooled, 'the resident array stays pooled');
    assert.notEqual(outside.data.buffer, region, 'an ordinary array');
    assert.deepEqual(outside.data, want);
    for (const t of [a!, b!, outside]) t.dispose();
    });
  });

  test('storage the pool gives up goes back to the region and is issued again', () => {
    onWasm(() => {
      const x = tensor(new Float32Array(4096).fill(2));
      const before = WASM!.residentStats!()!.inUse;
      tidy(() => void add(x, x)); // pooled, as resident storage
      assert.equal(WASM!.residentStats!()!.inUse, before + 4096 * 4);
      const carved = WASM!.residentStats!()!.carved;
      const u = tidy(() => add(x, x)); // the pooled block
      assert.deepEqual(Array.from(u.data.subarray(0, 3)), [4, 4, 4]);
      u.dispose();
      clearPool();
      assert.equal(WASM!.residentStats!()!.inUse, before, 'released to the region');
      tidy(() => void add(x, x));
      assert.equal(WASM!.residentStats!()!.carved, carved, 'the released block is reused, not carved anew');
      x.dispose();
    });
  });

  test('tensors never disposed take no region storage; once the region is full, ordinary arrays serve', () => {
    const held: Tensor[] = [];
    onWasm(() => {
      manualSeed(2);
      const x = randn([4096, 128]);
      const y = randn([4096, 128]);
      const want = new Float32Array(x.size);
      REF.binary(2, x.size, x.data, y.data, want, 0, 1);
      const inUse = WASM!.residentStats!()?.inUse ?? 0;
      for (let i = 0; i < 20; i++) assert.deepEqual(mul(x, y).data, want); // left to the garbage collector
      assert.equal(WASM!.residentStats!()?.inUse ?? 0, inUse, 'outputs never disposed hold no region storage');
      // 20 arrays of 2 MiB made in a scope come back to the pool in one: the 32 MiB region takes at most 16 of them.
      held.push(...tidy(() => Array.from({ length: 20 }, () => mul(x, y))));
      const refused = WASM!.residentStats!()!.refused;
      tidy(() => held.splice(0).forEach((t) => t.dispose()));
      assert.ok(WASM!.residentStats!()!.refused > refused, 'the region refused once full');
      tidy(() => {
        for (let i = 0; i < 20; i++) assert.deepEqual(mul(x, y).data, want); // resident and ordinary storage alike
    });
    for (const t of [x, y]) t.dispose();
    }, () => {
    for (const t of held) t.dispose();
    });
  });


  test('training-style loops hold the region flat: attention steps, disposed saved tensors, leaf gradients', () => {
    onWasm(() => {
      manualSeed(0);
      const inUse = (): number => WASM!.residentStats!()!.inUse;
      /** `step` 3 times to warm up, then 10 more: the region's storage in use must not grow. */
      const flat = (step: () => void, message: string): void => {
        for (let i = 0; i < 3; i++) step();
        const warm = inUse();
        for (let i = 0; i < 10; i++) step();
        assert.equal(inUse(), warm, message);
      };
      // Attention's per-call working arrays are never resident (they are left to the garbage collector).
      const mha = new nn.MultiheadAttention(64, 4);
      const x = randn([8, 32, 64]);
      const step = (): void =>
        tidy(() => {
          const [y] = mha.forward(x, x, x, { needWeights: false });
          y.sum().backward();
          for (const p of mha.parameters()) {
            p.grad?.dispose();
            p.grad = null;
          }
        });
      flat(step, 'attention steps take no more region storage once warm');
      // A tensor disposed inside a scope while an op had saved it is released at the scope's end.
      const w = randn([64, 128], { requiresGrad: true });
      const saved = (): void =>
        tidy(() => {
          const h = relu(mul(w, 2));
          h.sum().backward();
          h.dispose();
          w.grad?.dispose();
          w.grad = null;
        });
      flat(saved, 'disposed saved tensors give their storage back');
      // A leaf's gradient outlives the scope that ran backward: ordinary storage.
      tidy(() => relu(mul(w, 2)).sum().backward());
      assert.ok(w.grad !== null && !isRegion(w.grad.data), 'the gradient is not resident');
    });
  });

  test('outside a scope a factory-and-dispose loop reuses its storage; a rejected tensor() keeps none', () => {
    onWasm(() => {
      const before = poolStats();
      for (let i = 0; i < 12; i++) randn([4096, 128]).dispose();
      const after = poolStats();
      assert.ok(after.hits - before.hits >= 10, `reused: ${after.hits - before.hits} hits in 12 iterations`);
      assert.ok(after.bytes <= 2 * 2 * 1024 * 1024, `the pool holds at most two arrays: ${after.bytes} bytes`);
      const held = WASM!.residentStats!()!.inUse;
      for (let i = 0; i < 5; i++) assert.throws(() => tensor([[1, 2], [3]]));
      for (let i = 0; i < 5; i++) assert.throws(() => tensor(new Float32Array(4096), { shape: [3, 3] }));
      assert.equal(WASM!.residentStats!()!.inUse, held, 'rejected tensor() calls hold no storage');
    });
  });

  test('freed neighbouring blocks are merged: a large array fits again while one small block stays out', () => {
    onWasm(() => {
      manualSeed(3);
      const a = randn([64, 128]);
      const b = randn([64, 128]);
      const x = randn([4096, 128]);
      // Fill the rest of the region with 32 KiB blocks: outputs made and disposed in a scope are pooled as resident storage.
      tidy(() => {
        const outs = Array.from({ length: 1100 }, () => mul(a, b));
        outs.forEach((t) => t.dispose());
    });
    const held = tidy(() => mul(a, b)); // one block stays handed out
    clearPool(); // every other block goes back, in no particular order
    const refused = WASM!.residentStats!()!.refused;
    const inUse = WASM!.residentStats!()!.inUse;
    tidy(() => void add(x, x)); // a 2 MiB output pooled as resident storage: needs merged blocks
    assert.equal(WASM!.residentStats!()!.refused, refused, 'no request refused');
    assert.ok(WASM!.residentStats!()!.inUse >= inUse + 2 * 1024 * 1024, 'the 2 MiB array is resident');
    for (const t of [a, b, held, x]) t.dispose();
    });
  });

  test('random keep/dispose/evict sequences: no two live tensors share region memory (seeded)', () => {
    onWasm(() => {
      const g = new Generator(12);
      const sizes = [512, 600, 4096, 8192, 20000, 65536, 262144];
      const live: Array<{ t: Tensor; v: number }> = [];
      let tag = 0;
      for (let step = 0; step < 400; step++) {
        const r = g.random();
        if (r < 0.45) {
          const n = sizes[Math.floor(g.random() * sizes.length)]!;
          const v = ++tag;
          // An op's output made in a scope (pooled storage, resident from its second use on) or a factory's.
          const t = g.random() < 0.5 ? tidy(() => mul(full([n], v), 1)) : full([n], v);
          live.push({ t, v });
        } else if (r < 0.85 && live.length > 0) {
          const [gone] = live.splice(Math.floor(g.random() * live.length), 1);
          tidy(() => gone!.t.dispose()); // back to the pool inside a scope: made resident
        } else if (r < 0.9) clearPool(); // every pooled block back to the region
        for (const { t, v } of live) {
          const d = t.data;
          if (d[0] !== v || d[d.length - 1] !== v || d[d.length >> 1] !== v) assert.fail(`step ${step}: a live tensor of ${d.length} changed (tag ${v})`);
        }
      }
      for (const { t } of live) t.dispose();
    });
  });
});
