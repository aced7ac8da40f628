// Layer normalisation over the last d elements of each row (PyTorch's F.layer_norm), forward and
// backward. Row statistics and the per-element products are taken in double precision, exactly as
// the TypeScript reference (src/nn/functional/layer-norm.ts) computes them, then rounded to float:
// each row sum runs in four interleaved accumulators (element i into lane i mod 4), combined as
// (l0 + l1) + (l2 + l3), then the d mod 4 tail in order — the same operations in the same order.
#include <math.h>

#include "ops.h"
#include "parallel.h"

namespace clinreg {
namespace CLINREG_NS {
namespace {

typedef double vd4 __attribute__((vector_size(32)));

/** Σ f(i) for i < d in the four-lane order above; f returns a double. */
template <class F>
inline double lane_sum(int d, F f) {
  vd4 acc = {0.0, 0.0, 0.0, 0.0};
  int i = 0;
  for (; i + 4 <= d; i += 4) acc += vd4{f(i), f(i + 1), f(i + 2), f(i + 3)};
  double s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; i < d; i++) s += f(i);
  return s;
}

}  // namespace

void layer_norm(int rows, int d, const float* x, const float* w, const float* b, double eps, float* y, float* xhat,
                double* rstd) {
  parallel_for(rows, (long)d * 6, [&](long lo, long hi) {
    for (long r = lo; r < hi; r++) {
      const float* xr = x + r * d;
      const double mu = lane_sum(d, [&](int i) { return (double)xr[i]; }) / d;
      const double ss = lane_sum(d, [&](int i) {
        const double v = xr[i] - mu;
        return v * v;
      });
      const double rs = 1.0 / sqrt(ss / d + eps);
      rstd[r] = rs;
      float* yr = y + r * d;
      float* hr = xhat + r * d;
      for (int i = 0; i < d; i++) {
        const double h = (xr[i] - mu) * rs;
        hr[i] = (float)h;
        yr[i] = (float)(h * (w != nullptr ? (double)w[i] : 1.0) + (b != nullptr ? (double)b[i] : 0.0));
      }
    }
  });
}

void layer_norm_backward(int rows, int d, const float* xhat, const double* rstd, const float* dy, const float* w,
                         float* dx, float* dw, float* db) {
  // dw, db: accumulated over rows in row order (written, not added to); dx per row in parallel.
  if (dw != nullptr)
    for (int i = 0; i < d; i++) dw[i] = 0.0f;
  if (db != nullptr)
    for (int i = 0; i < d; i++) db[i] = 0.0f;
  if (dw != nullptr || db != nullptr) {
    for (long r = 0; r < rows; r++) {
      const float* g = dy + r * d;
      const float* h = xhat + r * d;
      if (dw != nullptr)
        for (int i = 0; i < d; i++) dw[i] = (float)(dw[i] + (double)g[i] * h[i]);
      if (db != nullptr)
        for (int i = 0; i < d; i++) db[i] = (float)(db[i] + (double)g[i]);
    }
  }
  if (dx == nullptr) return;
  parallel_for(rows, (long)d * 8, [&](long lo, long hi) {
    for (long r = lo; r < hi; r++) {
      const float* g = dy + r * d;
      const float* h = xhat + r * d;
      auto dh = [&](int i) { return (double)g[i] * (w != nullptr ? (double)w[i] : 1.0); };
      const double s1 = lane_sum(d, dh);
      const double s2 = lane_sum(d, [&](int i) { return dh(i) * h[i]; });
      // dx = r·(dĥ − mean(dĥ) − ĥ·mean(dĥ·ĥ)), dĥ = g·γ
      const double rs = rstd[r], m1 = s1 / d, m2 = s2 / d;
      float* o = dx + r * d;
      for (int i = 0; i < d; i++) o[i] = (float)(rs * (dh(i) - m1 - h[i] * m2));
    }
  });
}

}  // namespace CLINREG_NS
}  // namespace clinreg
