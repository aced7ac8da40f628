import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DisposedTensorError, Tensor, add, clearPool, div, exp, keep, matmul, mean, mul, poolStats, randn, relu, reshape,
  nn, setPoolLimit, softmax, sub, sum, tanh, tensor, tidy, manualSeed,
} from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';

/** A mixed chain of ops (broadcasts, reductions, unary ops, matmul) and its input gradients. */
function chain(a: Tensor, b: Tensor, bias: Tensor): { y: number[]; ga: number[]; gb: number[] } {
  a.grad = null;
  b.grad = null;
  const h = relu(add(mul(a, b), bias));
  const s = softmax(sub(h, mean(h, 1, true)), 1);
  const z0 = add(div(tanh(matmul(s, reshape(b, [b.shape[1]!, b.shape[0]!]))), 3), exp(mul(sum(a, 1, true), 0.01)));
  // [rows, 1] times [1, cols]: both operands broadcast (tiled temporaries, forward and backward).
  const outer = mul(sum(a, 1, true), mean(b, 0, true));
  const z = add(z0, sub(mean(outer, 1, true), mul(mean(sum(outer, 0, true)), 0.01)));
  const y = Array.from(z.data);
  sum(mul(z, z)).backward();
  return { y, ga: Array.from(a.grad!.data), gb: Array.from(b.grad!.data) };
}

/** Fill the pool with arrays of stale values of many lengths (what reuse hands out). */
function dirtyPool(rows: number, cols: number): void {
  tidy(() => {
    for (const n of [rows * cols, rows, cols, rows * rows, 1, cols * cols]) mul(randn([Math.max(n, 1)]), 1e6);
  });
}

test('pool reuse gives the same values and gradients as fresh allocation (property, stale values in the pool)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 1000 }), (rows, cols, seed) => {
      const inputs = (): Tensor[] => {
        manualSeed(seed);
        return [randn([rows, cols], { requiresGrad: true }), randn([rows, cols], { requiresGrad: true }), randn([cols])];
      };
      const limit = poolStats().limit;
      setPoolLimit(0);
      clearPool();
      let fresh: ReturnType<typeof chain>;
      try {
        const [a, b, bias] = inputs();
        fresh = chain(a!, b!, bias!);
      } finally {
        setPoolLimit(limit);
      }
      for (let round = 0; round < 3; round++) {
        dirtyPool(rows, cols);
        const [a, b, bias] = inputs();
        const pooled = tidy(() => chain(a!, b!, bias!));
        assert.deepEqual(pooled, fresh);
      }
      if (rows * cols >= 17) assert.ok(poolStats().hits > 0, 'storage is reused');
    }),
    { numRuns: 40, seed: 2026 },
  );
});

test('gradients pass gradcheck with the pool warm and the engine recycling dead gradients', () => {
  manualSeed(3);
  const a = randn([6, 40], { requiresGrad: true });
  const b = randn([6, 40], { requiresGrad: true });
  const bias = randn([40]);
  dirtyPool(6, 40);
  const released = poolStats().released;
  tidy(() => gradcheck((x, y) => softmax(add(mul(x, y), bias), 1), [a, b]));
  assert.ok(poolStats().released > released, 'backward and the scope hand storage back');
});

test('a disposed tensor throws DisposedTensorError (E_DISPOSED) on every use, never reads recycled storage', () => {
  const x = mul(randn([8, 32]), 2);
  const saved = x.shape;
  x.dispose();
  assert.equal(x.isDisposed, true);
  x.dispose(); // twice: no-op
  const disposed = (fn: () => unknown): void => {
    assert.throws(fn, (e: unknown) => e instanceof DisposedTensorError && e.code === 'E_DISPOSED' && /disposed/.test(e.message));
  };
  disposed(() => x.data);
  disposed(() => x.toArray());
  disposed(() => add(x, 1));
  disposed(() => sum(x));
  disposed(() => reshape(x, [256]));
  assert.deepEqual(x.shape, saved); // shape stays readable for messages
  const s = tidy(() => sum(mul(randn([4], { requiresGrad: true }), 2)));
  s.dispose();
  disposed(() => s.backward());
  disposed(() => s.item());
});

test('backward through an output disposed before it ran throws instead of reading its storage', () => {
  const w = randn([4, 50], { requiresGrad: true });
  const h = tanh(w);
  const loss = sum(mul(h, h));
  h.dispose();
  mul(randn([4, 50]), 7); // may take h's storage
  assert.throws(() => loss.backward(), DisposedTensorError);
});

test('disposing a tensor a recorded op saved leaves its storage alone: backward afterwards is right', () => {
  // The loss keeps a raw view of its input's values for backward; disposing the input must not
  // hand that storage to the next op.
  manualSeed(8);
  const w = randn([60, 1], { requiresGrad: true });
  const x = randn([40, 60]);
  const target = tensor(Array.from({ length: 40 }, (_, i) => [i % 2]));
  const run = (disposeEarly: boolean): number[] => {
    w.grad = null;
    const logits = matmul(x, w);
    const loss = nn.functional.binaryCrossEntropyWithLogits(logits, target);
    if (disposeEarly) {
      logits.dispose();
      assert.throws(() => logits.data, DisposedTensorError);
      tidy(() => {
        for (let i = 0; i < 3; i++) mul(randn([40, 1]), 1e6); // would take logits' storage if it were released
      });
    }
    loss.backward();
    return Array.from(w.grad!.data);
  };
  assert.deepEqual(run(true), run(false));
});

test('tidy returns tensors (direct, in arrays and objects) and disposes the rest', () => {
  const a = randn([16, 16]);
  let inner: Tensor[] = [];
  const out = tidy(() => {
    const t1 = mul(a, 2);
    const t2 = add(t1, 1);
    const t3 = relu(t2);
    const t4 = exp(a);
    inner = [t1, t2, t3, t4];
    return { first: t2, rest: [t4] };
  });
  assert.equal(out.first, inner[1]);
  assert.equal(inner[0]!.isDisposed, true);
  assert.equal(inner[2]!.isDisposed, true);
  assert.equal(inner[1]!.isDisposed, false);
  assert.equal(inner[3]!.isDisposed, false);
  assert.equal(a.isDisposed, false); // made outside the scope
  assert.deepEqual(out.first.toArray(), add(mul(a, 2), 1).toArray());
});

test('keep() and shared storage survive the scope; nested scopes hand results outward', () => {
  const a = randn([32, 8]);
  let kept: Tensor | null = null;
  let viewBase: Tensor | null = null;
  let innerTemp: Tensor | null = null;
  const view = tidy(() => {
    kept = keep(mul(a, 3));
    const base = add(a, 1);
    viewBase = base;
    const v = tidy(() => {
      innerTemp = mul(base, 2);
      return reshape(base, [256]); // shares base's storage
    });
    assert.equal(innerTemp!.isDisposed, true);
    return v;
  });
  assert.equal(kept!.isDisposed, false);
  assert.equal(viewBase!.isDisposed, false, 'a tensor sharing storage with a returned one stays');
  assert.deepEqual(Array.from(view.data), Array.from(add(a, 1).data));
  // Disposing one of two tensors on the same storage leaves the other intact.
  viewBase!.dispose();
  tidy(() => {
    for (let i = 0; i < 4; i++) mul(randn([256]), 100);
  });
  assert.deepEqual(Array.from(view.data), Array.from(add(a, 1).data));
});

test('a scope whose result still carries a graph disposes nothing, so backward afterwards is right', () => {
  const w = tensor([[0.5, -1], [2, 0.25]], { requiresGrad: true });
  let temp: Tensor | null = null;
  const loss = tidy(() => {
    temp = tanh(mul(w, w));
    return sum(mul(temp, 3));
  });
  assert.equal(temp!.isDisposed, false);
  loss.backward();
  const expected = [[0.5, -1], [2, 0.25]].map((r) => r.map((v) => 3 * (1 - Math.tanh(v * v) ** 2) * 2 * v));
  (w.grad!.toArray() as number[][]).forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-5)));
});

test('a throwing scope disposes what it made and rethrows; async scopes are refused', () => {
  let made: Tensor | null = null;
  assert.throws(() => tidy(() => {
    made = mul(randn([10]), 2);
    throw new Error('boom');
  }), /boom/);
  assert.equal(made!.isDisposed, true);
  assert.throws(() => tidy(() => Promise.resolve(1)), TypeError);
});

test('leaf gradients made in a scope belong to the leaf, not the scope', () => {
  const w = randn([3, 30], { requiresGrad: true });
  tidy(() => sum(mul(w, w)).backward());
  assert.equal(w.grad!.isDisposed, false);
  assert.deepEqual(Array.from(w.grad!.data), Array.from(w.data, (v) => Math.fround(2 * v)));
});

test('the pool stays within its byte bound and pools nothing at limit 0', () => {
  const limit = poolStats().limit;
  try {
    setPoolLimit(200 * 1024);
    tidy(() => {
      for (let n = 10_000; n < 30_000; n += 500) mul(randn([n]), 2); // 40–120 KB each, 3.2 MB in all
    });
    const s = poolStats();
    assert.ok(s.bytes <= 200 * 1024, `pool holds ${s.bytes} bytes`);
    assert.ok(s.arrays >= 1);
    setPoolLimit(0);
    assert.equal(poolStats().bytes, 0);
    tidy(() => mul(randn([5000]), 2) && undefined);
    assert.equal(poolStats().arrays, 0);
    assert.throws(() => setPoolLimit(-1), (e: unknown) => (e as { code?: string }).code === 'E_VALUE');
  } finally {
    setPoolLimit(limit);
  }
});

test('tidy: a tensor disposed inside the scope while an op had saved it goes back to the pool at the scope end', () => {
  manualSeed(3);
  const w = randn([64, 128], { requiresGrad: true });
  // The same step twice, once disposing the saved hidden tensor inside the scope: the scope's end
  // must hand back as much storage either way (it skipped disposed tensors, leaving theirs to the GC).
  const step = (disposeHidden: boolean): number => {
    clearPool();
    const before = poolStats().released;
    tidy(() => {
      const h = relu(mul(w, 2));
      h.sum().backward();
      if (disposeHidden) h.dispose(); // saved by relu's and sum's graph: its storage stays until the scope ends
    });
    w.grad = null;
    return poolStats().released - before;
  };
  assert.equal(step(true), step(false));
});
