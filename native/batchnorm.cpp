// Batch normalisation over x[N, C, S] (S = 1 for BatchNorm1d, H·W for BatchNorm2d): training
// forward with batch statistics (biased variance, two passes, double accumulators like ATen's
// CPU kernel) and the backward pass. Channels are split across threads.
#include <math.h>

#include "ops.h"
#include "parallel.h"

namespace clinreg {
namespace CLINREG_NS {
namespace {

/** Per-channel Σx and Σ(x−μ)² for channels [c0, c1) of a [N, C] matrix (S = 1), vectorised over C. */
void stats_rows(int n, int c, int c0, int c1, const float* x, float* mean, float* var) {
  const double inv = 1.0 / n;
  int j = c0;
  for (; j + VW <= c1; j += VW) {
    vd s{};
    for (int i = 0; i < n; i++) s += widen(vload(x + (long)i * c + j));
    vd mu = s * inv;
    vf muf = narrow(mu);
    vd q{};
    for (int i = 0; i < n; i++) {
      vd d = widen(vload(x + (long)i * c + j) - muf);
      q += d * d;
    }
    vstore(mean + j, muf);
    vstore(var + j, narrow(q * inv));
  }
  for (; j < c1; j++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += x[(long)i * c + j];
    float mu = static_cast<float>(s * inv);
    double q = 0.0;
    for (int i = 0; i < n; i++) {
      double d = x[(long)i * c + j] - mu;
      q += d * d;
    }
    mean[j] = mu;
    var[j] = static_cast<float>(q * inv);
  }
}

/** Σx and Σ(x−μ)² of channel ch of x[N, C, S] (S > 1), vectorised over S. */
void stats_channel(int n, int c, int s, int ch, const float* x, float* mean, float* var) {
  const double total = (double)n * s;
  vd acc{};
  double t1 = 0.0;
  for (int i = 0; i < n; i++) {
    const float* r = x + ((long)i * c + ch) * s;
    int t = 0;
    for (; t + VW <= s; t += VW) acc += widen(vload(r + t));
    for (; t < s; t++) t1 += r[t];
  }
  for (int l = 0; l < VW; l++) t1 += acc[l];
  float mu = static_cast<float>(t1 / total);
  vf muv = vset1(mu);
  vd q{};
  double t2 = 0.0;
  for (int i = 0; i < n; i++) {
    const float* r = x + ((long)i * c + ch) * s;
    int t = 0;
    for (; t + VW <= s; t += VW) {
      vd d = widen(vload(r + t) - muv);
      q += d * d;
    }
    for (; t < s; t++) {
      double d = r[t] - mu;
      t2 += d * d;
    }
  }
  for (int l = 0; l < VW; l++) t2 += q[l];
  mean[ch] = mu;
  var[ch] = static_cast<float>(t2 / total);
}

}  // namespace

void batchnorm_train(int n, int c, int s, const float* x, const float* gamma, const float* beta, float eps,
                     float* y, float* mean, float* var) {
  const long total = (long)n * s;
  if (s == 1) {
    parallel_for((c + VW - 1) / VW, 2L * n * VW, [&](long lo, long hi) {
      stats_rows(n, c, static_cast<int>(lo) * VW, imin(c, static_cast<int>(hi) * VW), x, mean, var);
    });
  } else {
    parallel_for(c, 2L * total, [&](long lo, long hi) {
      for (long ch = lo; ch < hi; ch++) stats_channel(n, c, s, static_cast<int>(ch), x, mean, var);
    });
  }
  float* scale = scratch(2, (size_t)c);
  float* shift = scratch(3, (size_t)c);
  for (int ch = 0; ch < c; ch++) {
    float inv_std = 1.0f / sqrtf(var[ch] + eps);
    scale[ch] = (gamma != nullptr ? gamma[ch] : 1.0f) * inv_std;
    shift[ch] = (beta != nullptr ? beta[ch] : 0.0f) - mean[ch] * scale[ch];
  }
  channel_affine(n, c, s, x, scale, shift, y);
}

void batchnorm_backward(int n, int c, int s, const float* x, const float* dy, const float* gamma,
                        const float* mean, const float* var, float eps, float* dx, float* dgamma, float* dbeta) {
  const long total = (long)n * s;
  // Per channel: Σdy, Σdy·x̂, then dx = A·dy − B − (x − μ)·C with A = γσ⁻¹, B = γσ⁻¹Σdy/M,
  // C = γσ⁻²Σdy·x̂/M (σ⁻¹ = 1/√(var + eps)).
  float* sdy = scratch(2, (size_t)c * 5);
  float* sdx = sdy + c;
  float* ca = sdy + 2L * c;
  float* cb = sdy + 3L * c;
  float* cc = sdy + 4L * c;
  if (s == 1) {
    parallel_for((c + VW - 1) / VW, 2L * n * VW, [&](long lo, long hi) {
      int j = static_cast<int>(lo) * VW, j1 = imin(c, static_cast<int>(hi) * VW);
      for (; j + VW <= j1; j += VW) {
        vd a{}, b{};
        vf mu = vload(mean + j);
        for (int i = 0; i < n; i++) {
          vf d = vload(dy + (long)i * c + j);
          a += widen(d);
          b += widen(d) * widen(vload(x + (long)i * c + j) - mu);
        }
        vstore(sdy + j, narrow(a));
        vstore(sdx + j, narrow(b));
      }
      for (; j < j1; j++) {
        double a = 0.0, b = 0.0;
        for (int i = 0; i < n; i++) {
          double d = dy[(long)i * c + j];
          a += d;
          b += d * (x[(long)i * c + j] - mean[j]);
        }
        sdy[j] = static_cast<float>(a);
        sdx[j] = static_cast<float>(b);
      }
    });
  } else {
    parallel_for(c, 2L * total, [&](long lo, long hi) {
      for (long ch = lo; ch < hi; ch++) {
        vd a{}, b{};
        double ta = 0.0, tb = 0.0;
        const float mu = mean[ch];
        vf muv = vset1(mu);
        for (int i = 0; i < n; i++) {
          long base = ((long)i * c + ch) * s;
          int t = 0;
          for (; t + VW <= s; t += VW) {
            vf d = vload(dy + base + t);
            a += widen(d);
            b += widen(d) * widen(vload(x + base + t) - muv);
          }
          for (; t < s; t++) {
            double d = dy[base + t];
            ta += d;
            tb += d * (x[base + t] - mu);
          }
        }
        for (int l = 0; l < VW; l++) {
          ta += a[l];
          tb += b[l];
        }
        sdy[ch] = static_cast<float>(ta);
        sdx[ch] = static_cast<float>(tb);
      }
    });
  }
  for (int ch = 0; ch < c; ch++) {
    float inv_std = 1.0f / sqrtf(var[ch] + eps);
    sdx[ch] *= inv_std;  // now Σdy·x̂
    float g = gamma != nullptr ? gamma[ch] : 1.0f;
    ca[ch] = g * inv_std;
    cb[ch] = g * inv_std * sdy[ch] / static_cast<float>(total);
    cc[ch] = g * inv_std * inv_std * sdx[ch] / static_cast<float>(total);
    if (dbeta != nullptr) dbeta[ch] = sdy[ch];
    if (dgamma != nullptr) dgamma[ch] = sdx[ch];
  }
  if (s == 1) {
    parallel_for(n, c, [&](long lo, long hi) {
      for (long i = lo; i < hi; i++) {
        const float* xr = x + i * c;
        const float* dr = dy + i * c;
        float* o = dx + i * c;
        int j = 0;
        for (; j + VW <= c; j += VW)
          vstore(o + j, vload(ca + j) * vload(dr + j) - vload(cb + j) - (vload(xr + j) - vload(mean + j)) * vload(cc + j));
        for (; j < c; j++) o[j] = ca[j] * dr[j] - cb[j] - (xr[j] - mean[j]) * cc[j];
      }
    });
    return;
  }
  parallel_for((long)n * c, s, [&](long lo, long hi) {
    for (long r = lo; r < hi; r++) {
      int ch = static_cast<int>(r % c);
      vf a = vset1(ca[ch]), b = vset1(cb[ch]), k = vset1(cc[ch]), mu = vset1(mean[ch]);
      const float* xr = x + r * s;
      const float* dr = dy + r * s;
      float* o = dx + r * s;
      int t = 0;
      for (; t + VW <= s; t += VW) vstore(o + t, a * vload(dr + t) - b - (vload(xr + t) - mu) * k);
      for (; t < s; t++) o[t] = ca[ch] * dr[t] - cb[ch] - (xr[t] - mean[ch]) * cc[ch];
    }
  });
}

}  // namespace CLINREG_NS
}  // namespace clinreg
