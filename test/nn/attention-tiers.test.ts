// The attention heads and layer norm run on tier-specific paths: the native strided batched GEMM
// and layer-norm kernels, the plain loop for small heads and the per-head GEMM for large ones
// (other tiers). Each tier must give the TypeScript reference's results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernels as K, manualSeed, nn, randn, Tensor } from '../../src/index.js';
import { withTier } from '../helpers/with-tier.js';

const tiers = K.availableTiers();
const defaultIsa = tiers.includes('native') ? (K.kernelInfo().nativeIsa as 'avx512' | 'avx2' | 'generic') : null;

/** Every tier, and every native ISA path this CPU runs (each has its own kernel code). */
function eachTier(f: (tier: K.KernelTier, label: string) => void): void {
  for (const tier of tiers) {
    if (tier !== 'native' || defaultIsa === null) {
      f(tier, tier);
      continue;
    }
    for (const isa of ['avx512', 'avx2', 'generic'] as const) {
      if (!K.setNativeIsa(isa)) continue;
      try {
        f(tier, `native-${isa}`);
      } finally {
        K.setNativeIsa(defaultIsa);
      }
    }
  }
}

/** Output and every gradient of one MultiheadAttention forward/backward (inputs seeded). */
function attentionRun(embed: number, heads: number, L: number, S: number, self: boolean): Float32Array[] {
  manualSeed(11);
  const mha = new nn.MultiheadAttention(embed, heads);
  const q = randn([3, L, embed], { requiresGrad: true });
  const kv = self ? q : randn([3, S, embed], { requiresGrad: true });
  const v = self ? q : randn([3, S, embed], { requiresGrad: true });
  const [y] = mha.forward(q, kv, v);
  const g = randn(y.shape);
  y.backward(g);
  const grads = [q, ...(self ? [] : [kv, v]), ...mha.parameters()].map((p: Tensor) => p.grad!.data);
  return [y.data, ...grads];
}

function assertClose(a: Float32Array[], b: Float32Array[], what: string): void {
  assert.equal(a.length, b.length);
  a.forEach((x, i) => {
    const y = b[i]!;
    assert.equal(x.length, y.length);
    for (let e = 0; e < x.length; e++) {
      assert.ok(Math.abs(x[e]! - y[e]!) <= 1e-5 + 1e-4 * Math.abs(y[e]!), `${what}: array ${i} element ${e}: ${x[e]} vs ${y[e]}`);
    }
  });
}

test('attention heads: every tier equals the TypeScript reference (small heads, large heads, self and cross attention, one query)', () => {
  // 2 heads of d = 4 over 7 keys (loop / batched kernel); 2 heads of d = 16 over 24 keys (per-head
  // GEMM off native, 9216 multiply-adds a head); one query (the CLS-only product); d = 40 with 40
  // keys (C rows wider than 4 registers: the in-memory path of the native kernel).
  const shapes: Array<[embed: number, heads: number, L: number, S: number, self: boolean]> = [
    [8, 2, 7, 7, true], [8, 2, 5, 7, false], [32, 2, 24, 24, true], [32, 2, 24, 20, false], [8, 2, 1, 6, false], [80, 2, 9, 40, false],
  ];
  for (const [embed, heads, L, S, self] of shapes) {
    const ref = withTier('ts', () => attentionRun(embed, heads, L, S, self));
    eachTier((tier, label) => assertClose(withTier(tier, () => attentionRun(embed, heads, L, S, self)), ref, `${label} ${embed}/${heads} L=${L} S=${S}`));
  }
});

test('layer norm: every tier equals the TypeScript reference bit for bit (forward, input, weight and bias gradients)', () => {
  const run = (affine: boolean): Float32Array[] => {
    manualSeed(12);
    const ln = new nn.LayerNorm([5, 7], { elementwiseAffine: affine });
    if (affine) {
      ln.weight!.data.set(randn([5, 7]).data);
      ln.bias!.data.set(randn([5, 7]).data);
    }
    const x = randn([4, 3, 5, 7], { requiresGrad: true });
    const y = ln.forward(x);
    y.backward(randn(y.shape));
    return [y.data, x.grad!.data, ...(affine ? [ln.weight!.grad!.data, ln.bias!.grad!.data] : [])];
  };
  for (const affine of [true, false]) {
    const ref = withTier('ts', () => run(affine));
    eachTier((tier, label) => {
      const got = withTier(tier, () => run(affine));
      got.forEach((a, i) => assert.deepEqual([...a], [...ref[i]!], `${label} affine=${affine} array ${i}`));
    });
  }
});
