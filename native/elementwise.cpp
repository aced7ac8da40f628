// Memory-bound kernels: Linear's bias+ReLU epilogue, column sums, ReLU and its gradient, dropout,
// per-channel affine, and the Adam/AdamW update (PyTorch 1.13 single-tensor order of operations).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "parallel.h"

namespace clinreg {
namespace CLINREG_NS {

// ReLU as `x <= 0 ? 0 : x`, not max(x, 0): NaN must propagate as in PyTorch (torch.relu(nan) is nan).
static inline vf vrelu(vf v) {
  vf zero{};
  return v <= zero ? zero : v;
}

void linear(int m, int n, int k, const float* x, const float* w, const float* bias, float* y, bool relu_) {
  gemm(false, true, m, n, k, x, w, y, false);
  if (bias == nullptr && !relu_) return;
  parallel_for(m, n, [&](long lo, long hi) {
    for (long i = lo; i < hi; i++) {
      float* row = y + i * n;
      int j = 0;
      for (; j + VW <= n; j += VW) {
        vf v = vload(row + j);
        if (bias != nullptr) v += vload(bias + j);
        vstore(row + j, relu_ ? vrelu(v) : v);
      }
      for (; j < n; j++) {
        float v = row[j] + (bias != nullptr ? bias[j] : 0.0f);
        row[j] = relu_ && v <= 0.0f ? 0.0f : v;
      }
    }
  });
}

/**
 * acc[c] += Σ_{i < rows} x[i·n + c] for c < w, each column in row order, in float: tiles of 4·VW
 * columns in four register chains (one chain would wait on the add latency at every row).
 */
static inline void sum_rows_block(const float* x, long n, int rows, int w, float* acc) {
  int j = 0;
  for (; j + 4 * VW <= w; j += 4 * VW) {
    vf s0 = vload(acc + j), s1 = vload(acc + j + VW), s2 = vload(acc + j + 2 * VW), s3 = vload(acc + j + 3 * VW);
    for (int i = 0; i < rows; i++) {
      const float* row = x + i * n + j;
      s0 += vload(row);
      s1 += vload(row + VW);
      s2 += vload(row + 2 * VW);
      s3 += vload(row + 3 * VW);
    }
    vstore(acc + j, s0);
    vstore(acc + j + VW, s1);
    vstore(acc + j + 2 * VW, s2);
    vstore(acc + j + 3 * VW, s3);
  }
  for (; j + VW <= w; j += VW) {
    vf s = vload(acc + j);
    for (int i = 0; i < rows; i++) s += vload(x + i * n + j);
    vstore(acc + j, s);
  }
  for (; j < w; j++) {
    float s = acc[j];
    for (int i = 0; i < rows; i++) s += x[i * n + j];
    acc[j] = s;
  }
}

void sum_rows(int m, int n, const float* x, float* out, bool acc) {
  // Each column summed over the rows in order (the reference's order, whatever the split): a
  // task takes a group of whole column tiles (one group per thread) and passes over the rows 32
  // at a time, so every tile reads a block of rows while it is in L1.
  if (n == 0) return;
  constexpr int TILE = 4 * VW, ROWS = 32;
  const long tiles = (n + TILE - 1) / TILE;
  const long groups = pool_threads() < tiles ? pool_threads() : tiles;
  parallel_for(groups, (long)m * n / groups, [&](long lo, long hi) {
    for (long g = lo; g < hi; g++) {
      const int j0 = static_cast<int>(tiles * g / groups) * TILE, j1 = imin(n, static_cast<int>(tiles * (g + 1) / groups) * TILE);
      const int w = j1 - j0;
      float local[1024];
      float* s = w <= 1024 ? local : static_cast<float*>(malloc(sizeof(float) * w));
      if (s == nullptr) {
        for (int j = j0; j < j1; j++) {
          float t = 0.0f;
          for (int i = 0; i < m; i++) t += x[(long)i * n + j];
          out[j] = acc ? out[j] + t : t;
        }
        continue;
      }
      for (int c = 0; c < w; c++) s[c] = 0.0f;
      for (int i = 0; i < m; i += ROWS) sum_rows_block(x + (long)i * n + j0, n, imin(ROWS, m - i), w, s);
      for (int c = 0; c < w; c++) out[j0 + c] = acc ? out[j0 + c] + s[c] : s[c];
      if (s != local) free(s);
    }
  });
}

void relu(int n, const float* x, float* y) {
  parallel_for(n, 1, [&](long lo, long hi) {
    long i = lo;
    for (; i + VW <= hi; i += VW) vstore(y + i, vrelu(vload(x + i)));
    for (; i < hi; i++) y[i] = x[i] <= 0.0f ? 0.0f : x[i];
  });
}

void relu_backward(int n, const float* y, const float* dy, float* dx) {
  parallel_for(n, 1, [&](long lo, long hi) {
    vf zero{};
    long i = lo;
    for (; i + VW <= hi; i += VW) {
      vf d = vload(dy + i);
      // threshold_backward: a NaN output passes its gradient on, as in PyTorch.
      vstore(dx + i, vload(y + i) <= zero ? zero : d);
    }
    for (; i < hi; i++) dx[i] = y[i] <= 0.0f ? 0.0f : dy[i];
  });
}

void dropout(int n, const float* x, const uint32_t* bits, double threshold, float scale, float* y, float* mask) {
  // threshold ≤ 2³²; above 2³² − 1 nothing is kept.
  const bool none = threshold > 4294967295.0;
  const uint32_t th = none ? 0xffffffffu : static_cast<uint32_t>(threshold);
  typedef uint32_t vu __attribute__((vector_size(CLINREG_VW * 4)));
  typedef uint32_t vuu __attribute__((vector_size(CLINREG_VW * 4), aligned(4), may_alias));
  parallel_for(n, 4, [&](long lo, long hi) {
    const vf sv = vset1(none ? 0.0f : scale), zero{};
    const vu thv = vu{} + th;
    long i = lo;
    for (; i + VW <= hi; i += VW) {
      vu b = *reinterpret_cast<const vuu*>(bits + i);
      auto keep = b >= thv;  // all-ones lanes where kept
      vf k = keep ? sv : zero;
      if (mask != nullptr) vstore(mask + i, k);
      // x·0, not 0: PyTorch's dropout is input·mask, so NaN and ±Inf stay NaN and −1 gives −0.
      vstore(y + i, vload(x + i) * k);
    }
    for (; i < hi; i++) {
      float k = !none && bits[i] >= th ? scale : 0.0f;
      if (mask != nullptr) mask[i] = k;
      y[i] = x[i] * k;
    }
  });
}

void channel_affine(int n, int c, int s, const float* x, const float* scale, const float* shift, float* y) {
  if (s == 1) {
    parallel_for(n, c, [&](long lo, long hi) {
      for (long i = lo; i < hi; i++) {
        const float* xr = x + i * c;
        float* yr = y + i * c;
        int j = 0;
        for (; j + VW <= c; j += VW) vstore(yr + j, vload(xr + j) * vload(scale + j) + vload(shift + j));
        for (; j < c; j++) yr[j] = xr[j] * scale[j] + shift[j];
      }
    });
    return;
  }
  parallel_for((long)n * c, s, [&](long lo, long hi) {
    for (long r = lo; r < hi; r++) {
      int ch = static_cast<int>(r % c);
      vf a = vset1(scale[ch]), b = vset1(shift[ch]);
      const float* xr = x + r * s;
      float* yr = y + r * s;
      int t = 0;
      for (; t + VW <= s; t += VW) vstore(yr + t, vload(xr + t) * a + b);
      for (; t < s; t++) yr[t] = xr[t] * scale[ch] + shift[ch];
    }
  });
}

#if defined(__AVX512F__)
static inline vf vfma(vf a, vf b, vf c) { return _mm512_fmadd_ps(a, b, c); }
static inline vf vsqrt(vf a) { return _mm512_sqrt_ps(a); }
#elif defined(__AVX2__) && defined(__FMA__)
static inline vf vfma(vf a, vf b, vf c) { return _mm256_fmadd_ps(a, b, c); }
static inline vf vsqrt(vf a) { return _mm256_sqrt_ps(a); }
#endif

void adam(int n, float* p, const float* g, float* m, float* v, const AdamArgs& a) {
  // Scalars are formed in double and rounded once to float, as ATen does with Python scalars;
  // the element order is torch.optim's single-tensor one (mul_, add_, addcmul_, sqrt / bc2 + eps,
  // addcdiv_), with the multiply-adds fused like ATen's vectorised CPU kernels.
  const double bc1 = 1.0 - pow(a.beta1, a.step);
  const double bc2 = 1.0 - pow(a.beta2, a.step);
  const float neg_step = static_cast<float>(-(a.lr / bc1));
  const float bc2_sqrt = static_cast<float>(sqrt(bc2));
  const float decay = a.decoupled ? static_cast<float>(1.0 - a.lr * a.weight_decay) : 1.0f;
  const float l2 = a.decoupled ? 0.0f : static_cast<float>(a.weight_decay);
  const float b1 = static_cast<float>(a.beta1), b2 = static_cast<float>(a.beta2);
  const float ob1 = static_cast<float>(1.0 - a.beta1), ob2 = static_cast<float>(1.0 - a.beta2);
  const float eps = static_cast<float>(a.eps);
  parallel_for(n, 4, [&](long lo, long hi) {
    long i = lo;
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
    // The same operations lane by lane (IEEE multiply, fma, sqrt, divide, add are each correctly
    // rounded), so results are bit-identical to the scalar tail and to the other tiers.
    const vf vdecay = vset1(decay), vl2 = vset1(l2), vb1 = vset1(b1), vb2 = vset1(b2), vob1 = vset1(ob1),
             vob2 = vset1(ob2), vbc2 = vset1(bc2_sqrt), veps = vset1(eps), vneg = vset1(neg_step);
    for (; i + VW <= hi; i += VW) {
      vf pi = vload(p + i) * vdecay, gi = vload(g + i);
      if (l2 != 0.0f) gi = vfma(vl2, pi, gi);
      vf mi = vfma(vob1, gi, vload(m + i) * vb1);
      vf vi = vfma(vob2 * gi, gi, vload(v + i) * vb2);
      vf denom = vsqrt(vi) / vbc2 + veps;
      vstore(p + i, pi + (vneg * mi) / denom);
      vstore(m + i, mi);
      vstore(v + i, vi);
    }
#endif
    for (; i < hi; i++) {
      float pi = p[i] * decay, gi = g[i];
      if (l2 != 0.0f) gi = __builtin_fmaf(l2, pi, gi);
      float mi = __builtin_fmaf(ob1, gi, m[i] * b1);
      float vi = __builtin_fmaf(ob2 * gi, gi, v[i] * b2);
      float denom = sqrtf(vi) / bc2_sqrt + eps;
      p[i] = pi + (neg_step * mi) / denom;
      m[i] = mi;
      v[i] = vi;
    }
  });
}

}  // namespace CLINREG_NS
}  // namespace clinreg
