// Memory-bound kernels: Linear's bias+ReLU epilogue, column sums, ReLU and its gradient, dropout,
// per-channel affine, and the Adam/AdamW update (PyTorch 1.13 single-tensor order of operations).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "parallel.h"
#include "reduce.h"

namespace clinreg {
namespace CLINREG_NS {

// The parallel_for bodies copy what they capture by reference into locals (`y_` for `y`): a
// vector store goes through a may_alias type, so GCC reloads every captured pointer and size
// through the lambda after each store otherwise. Not in adam: there GCC would then unswitch the
// loop on `l2 != 0` and, with one use left, fuse `p·decay + step` into an FMA (GCC contracts
// by default), which rounds once where PyTorch rounds twice.

// ReLU as `x <= 0 ? 0 : x`, not max(x, 0): NaN must propagate as in PyTorch (torch.relu(nan) is nan).
static inline vf vrelu(vf v) {
  vf zero{};
  return v <= zero ? zero : v;
}

void linear(int m, int n, int k, const float* x, const float* w, const float* bias, float* y, bool relu_) {
  gemm(false, true, m, n, k, x, w, y, false);
  if (bias == nullptr && !relu_) return;
  parallel_for(m, n, [&](long lo, long hi) {
    float* y_ = y;
    const float* bias_ = bias;
    const int n_ = n;
    const bool r_ = relu_;
    for (long i = lo; i < hi; i++) {
      float* row = y_ + i * n_;
      int j = 0;
      for (; j + VW <= n_; j += VW) {
        vf v = vload(row + j);
        if (bias_ != nullptr) v += vload(bias_ + j);
        vstore(row + j, r_ ? vrelu(v) : v);
      }
      for (; j < n_; j++) {
        float v = row[j] + (bias_ != nullptr ? bias_[j] : 0.0f);
        row[j] = r_ && v <= 0.0f ? 0.0f : v;
      }
    }
  });
}

void sum_rows(int m, int n, const float* x, float* out, bool acc) {
  // Each column summed over the rows in order (the reference's order, whatever the split): a
  // task takes a group of whole column tiles (one group per thread) and passes over the rows 32
  // at a time, so every tile reads a block of rows while it is in L1.
  if (n == 0) return;
  constexpr int ROWS = 32;
  // Groups are made of 4·VW-column tiles, or of VW columns when there are too few tiles to go round.
  int unit = 4 * VW;
  if ((n + unit - 1) / unit < pool_threads()) unit = VW;
  const long tiles = (n + unit - 1) / unit;
  const long groups = pool_threads() < tiles ? pool_threads() : tiles;
  parallel_for(groups, (long)m * n / groups, [&](long lo, long hi) {
    for (long g = lo; g < hi; g++) {
      const int j0 = static_cast<int>(tiles * g / groups) * unit;
      const int j1 = imin(n, static_cast<int>(tiles * (g + 1) / groups) * unit);
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
      for (int i = 0; i < m; i += ROWS) column_block(x + (long)i * n + j0, n, imin(ROWS, m - i), w, s);
      for (int c = 0; c < w; c++) out[j0 + c] = acc ? out[j0 + c] + s[c] : s[c];
      if (s != local) free(s);
    }
  });
}

void relu(int n, const float* x, float* y) {
  parallel_for(n, 1, [&](long lo, long hi) {
    const float* x_ = x;
    float* y_ = y;
    long i = lo;
    for (; i + VW <= hi; i += VW) vstore(y_ + i, vrelu(vload(x_ + i)));
    for (; i < hi; i++) y_[i] = x_[i] <= 0.0f ? 0.0f : x_[i];
  });
}

void relu_backward(int n, const float* y, const float* dy, float* dx) {
  parallel_for(n, 1, [&](long lo, long hi) {
    const float* y_ = y;
    const float* dy_ = dy;
    float* dx_ = dx;
    vf zero{};
    long i = lo;
    for (; i + VW <= hi; i += VW) {
      vf d = vload(dy_ + i);
      // threshold_backward: a NaN output passes its gradient on, as in PyTorch.
      vstore(dx_ + i, vload(y_ + i) <= zero ? zero : d);
    }
    for (; i < hi; i++) dx_[i] = y_[i] <= 0.0f ? 0.0f : dy_[i];
  });
}

void dropout(int n, const float* x, const uint32_t* bits, double threshold, float scale, float* y, float* mask) {
  // threshold ≤ 2³²; above 2³² − 1 nothing is kept.
  const bool none = threshold > 4294967295.0;
  const uint32_t th = none ? 0xffffffffu : static_cast<uint32_t>(threshold);
  typedef uint32_t vu __attribute__((vector_size(CLINREG_VW * 4)));
  typedef uint32_t vuu __attribute__((vector_size(CLINREG_VW * 4), aligned(4), may_alias));
  parallel_for(n, 4, [&](long lo, long hi) {
    const float* x_ = x;
    const uint32_t* bits_ = bits;
    float* y_ = y;
    float* mask_ = mask;
    const vf sv = vset1(none ? 0.0f : scale), zero{};
    const vu thv = vu{} + th;
    long i = lo;
    for (; i + VW <= hi; i += VW) {
      vu b = *reinterpret_cast<const vuu*>(bits_ + i);
      auto keep = b >= thv;  // all-ones lanes where kept
      vf k = keep ? sv : zero;
      if (mask_ != nullptr) vstore(mask_ + i, k);
      // x·0, not 0: PyTorch's dropout is input·mask, so NaN and ±Inf stay NaN and −1 gives −0.
      vstore(y_ + i, vload(x_ + i) * k);
    }
    for (; i < hi; i++) {
      float k = !none && bits_[i] >= th ? scale : 0.0f;
      if (mask_ != nullptr) mask_[i] = k;
      y_[i] = x_[i] * k;
    }
  });
}

void channel_affine(int n, int c, int s, const float* x, const float* scale, const float* shift, float* y) {
  if (s == 1) {
    parallel_for(n, c, [&](long lo, long hi) {
      const float* x_ = x;
      const float* scale_ = scale;
      const float* shift_ = shift;
      float* y_ = y;
      const int c_ = c;
      for (long i = lo; i < hi; i++) {
        const float* xr = x_ + i * c_;
        float* yr = y_ + i * c_;
        int j = 0;
        for (; j + VW <= c_; j += VW) vstore(yr + j, vload(xr + j) * vload(scale_ + j) + vload(shift_ + j));
        for (; j < c_; j++) yr[j] = xr[j] * scale_[j] + shift_[j];
      }
    });
    return;
  }
  parallel_for((long)n * c, s, [&](long lo, long hi) {
    const float* x_ = x;
    const float* scale_ = scale;
    const float* shift_ = shift;
    float* y_ = y;
    const int c_ = c;
    const int s_ = s;
    for (long r = lo; r < hi; r++) {
      int ch = static_cast<int>(r % c_);
      vf a = vset1(scale_[ch]), b = vset1(shift_[ch]);
      const float* xr = x_ + r * s_;
      float* yr = y_ + r * s_;
      int t = 0;
      for (; t + VW <= s_; t += VW) vstore(yr + t, vload(xr + t) * a + b);
      for (; t < s_; t++) yr[t] = xr[t] * scale_[ch] + shift_[ch];
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
