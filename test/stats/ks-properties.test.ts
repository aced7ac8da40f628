// Properties of the KS statistic and Wasserstein distance on arbitrary samples, including the
// large-sample path (radix-sorted, ≥ 2048 values) with negatives, ±0, duplicates and huge magnitudes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checks } from '../../src/index.js';

/** Number of values ≤ v in a natively sorted array. */
function upperBound(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** D and W₁ as scipy computes them: ECDFs by binary search at every pooled value (native sort). */
function reference(a: number[], b: number[]): { d: number; w: number } {
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  const all = Float64Array.from([...a, ...b]).sort();
  let d = 0;
  let w = 0;
  for (let i = 0; i < all.length; i++) {
    const diff = upperBound(sa, all[i]!) / a.length - upperBound(sb, all[i]!) / b.length;
    d = Math.max(d, Math.abs(diff));
    if (i + 1 < all.length) w += Math.abs(diff) * (all[i + 1]! - all[i]!);
  }
  return { d, w };
}

/** Brute-force D = max over all values of |F1 − F2|, with the native sort. */
function bruteD(a: number[], b: number[]): number {
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  const upper = (s: number[], v: number): number => s.filter((x) => x <= v).length;
  let d = 0;
  for (const v of new Set([...a, ...b])) d = Math.max(d, Math.abs(upper(sa, v) / a.length - upper(sb, v) / b.length));
  return d;
}

const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
  fc.constantFrom(0, -0, 1, -1, 2.5, -2.5, 1e-310, -1e-310),
  fc.integer({ min: -5, max: 5 }),
);

test('ksTest statistic equals the brute-force sup |F1 − F2| (small samples)', () => {
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), fc.array(value, { minLength: 1, maxLength: 40 }), (a, b) => {
      const r = checks.ksTest(a, b, { method: 'asymp' });
      assert.ok(Math.abs(r.statistic - bruteD(a, b)) < 1e-12);
      assert.ok(r.pvalue >= 0 && r.pvalue <= 1);
    }),
    { numRuns: 200, seed: 5 },
  );
});

test('large samples (radix sort path): ksTest and wasserstein1d equal a native-sort reference', () => {
  fc.assert(
    fc.property(fc.array(value, { minLength: 2048, maxLength: 3000 }), fc.array(value, { minLength: 5, maxLength: 2100 }), (a, b) => {
      const ref = reference(a, b);
      assert.equal(checks.ksTest(a, b, { method: 'asymp' }).statistic, ref.d);
      const small = (x: number[]): number[] => x.filter((v) => Math.abs(v) < 1e150);
      const [fa, fb] = [small(a), small(b)];
      if (fa.length > 0 && fb.length > 0) {
        const w = checks.wasserstein1d(fa, fb);
        const r = reference(fa, fb).w;
        assert.ok(Math.abs(w - r) <= 1e-9 * Math.abs(r), `${w} vs ${r}`);
      }
    }),
    { numRuns: 25, seed: 11 },
  );
});

test('ksTest is symmetric in D and p; the sign flips with the order of the samples', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 50 }), fc.array(fc.integer({ min: 3, max: 12 }), { minLength: 3, maxLength: 50 }), (a, b) => {
      const ab = checks.ksTest(a, b);
      const ba = checks.ksTest(b, a);
      assert.equal(ab.statistic, ba.statistic);
      assert.ok(Math.abs(ab.pvalue - ba.pvalue) <= 1e-12);
      if (ab.statistic > 0 && Math.abs(ab.statisticLocation - ba.statisticLocation) === 0) assert.equal(ab.statisticSign, -ba.statisticSign);
    }),
    { numRuns: 200, seed: 3 },
  );
});
