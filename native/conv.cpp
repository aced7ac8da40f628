// Conv2d (groups = 1, dilation = 1) by im2col + GEMM, per image:
//   forward          y_i[O, P]      = W[O, CKK] · col_i[CKK, P] (+ bias)
//   backward-input   dcol[CKK, P]   = Wᵀ · dy_i, then col2im adds into dx_i
//   backward-filter  dW[O, CKK]    += dy_i · col_iᵀ
// with P = OH·OW and CKK = C·KH·KW. Images are split across threads (each thread its own col
// buffer, and its own dW partial for the filter gradient); a 1×1, stride-1, unpadded conv uses
// the image itself as col. 3×3 stride-1 convolutions with finite operands and ≥ 16 input channels
// (dy's channels for the input gradient) take Winograd F(2×2, 3×3) instead (winograd.cpp).
#include <string.h>

#include "ops.h"
#include "parallel.h"

namespace clinreg {
namespace CLINREG_NS {
namespace {

constexpr int MAX_THREADS = 256;
// Below this many flops per image the images are not worth a thread each.
constexpr double PAR_CONV_FLOPS = 2e6;

int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int ceil_div(int a, int b) { return -floor_div(-a, b); }

bool is_pointwise(const ConvGeom& g) {
  return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.ph == 0 && g.pw == 0;
}

/** Calls row(ch, ki, kj, oy, ox_lo, ox_hi, iy) for every col row segment; iy < 0 marks padding rows. */
template <class F>
void for_each_segment(const ConvGeom& g, F row) {
  for (int ch = 0; ch < g.c; ch++)
    for (int ki = 0; ki < g.kh; ki++)
      for (int kj = 0; kj < g.kw; kj++) {
        int lo = imax(0, ceil_div(g.pw - kj, g.sw));
        int hi = imin(g.ow, floor_div(g.w - 1 + g.pw - kj, g.sw) + 1);
        long r = ((long)ch * g.kh + ki) * g.kw + kj;
        for (int oy = 0; oy < g.oh; oy++) {
          int iy = oy * g.sh - g.ph + ki;
          bool valid = iy >= 0 && iy < g.h && lo < hi;
          row(ch, kj, r, oy, valid ? lo : 0, valid ? hi : 0, valid ? iy : -1);
        }
      }
}

void im2col(const ConvGeom& g, const float* x, float* col) {
  const long p = (long)g.oh * g.ow;
  for_each_segment(g, [&](int ch, int kj, long r, int oy, int lo, int hi, int iy) {
    float* d = col + r * p + (long)oy * g.ow;
    if (iy < 0) {
      memset(d, 0, sizeof(float) * g.ow);
      return;
    }
    const float* s = x + ((long)ch * g.h + iy) * g.w - g.pw + kj;
    for (int ox = 0; ox < lo; ox++) d[ox] = 0.0f;
    if (g.sw == 1) memcpy(d + lo, s + lo, sizeof(float) * (hi - lo));
    else
      for (int ox = lo; ox < hi; ox++) d[ox] = s[(long)ox * g.sw];
    for (int ox = hi; ox < g.ow; ox++) d[ox] = 0.0f;
  });
}

void col2im(const ConvGeom& g, const float* col, float* x) {
  const long p = (long)g.oh * g.ow;
  memset(x, 0, sizeof(float) * g.c * g.h * g.w);
  for_each_segment(g, [&](int ch, int kj, long r, int oy, int lo, int hi, int iy) {
    if (iy < 0) return;
    const float* d = col + r * p + (long)oy * g.ow;
    float* s = x + ((long)ch * g.h + iy) * g.w - g.pw + kj;
    if (g.sw == 1) {
      int ox = lo;
      for (; ox + VW <= hi; ox += VW) vstore(s + ox, vload(s + ox) + vload(d + ox));
      for (; ox < hi; ox++) s[ox] += d[ox];
    } else {
      for (int ox = lo; ox < hi; ox++) s[(long)ox * g.sw] += d[ox];
    }
  });
}

struct ConvJob {
  const ConvGeom* g;
  const float *x, *w, *bias, *dy;
  float *y, *dx, *dw;
  float* partial[MAX_THREADS];
  bool threaded_gemm;
};

inline void gemm_for(const ConvJob& j, bool ta, bool tb, int m, int n, int k, const float* a, const float* b,
                     float* c, bool acc) {
  if (j.threaded_gemm) gemm(ta, tb, m, n, k, a, b, c, acc);
  else gemm_serial(ta, tb, m, n, k, a, b, c, acc);
}

long ckk(const ConvGeom& g) { return (long)g.c * g.kh * g.kw; }

void forward_images(const ConvJob& j, int lo, int hi) {
  const ConvGeom& g = *j.g;
  const long p = (long)g.oh * g.ow, in = (long)g.c * g.h * g.w;
  float* col = is_pointwise(g) ? nullptr : scratch(2, (size_t)(ckk(g) * p));
  for (int i = lo; i < hi; i++) {
    const float* xi = j.x + i * in;
    if (col != nullptr) im2col(g, xi, col);
    float* yi = j.y + (long)i * g.o * p;
    gemm_for(j, false, false, g.o, static_cast<int>(p), static_cast<int>(ckk(g)), j.w, col != nullptr ? col : xi, yi,
             false);
    if (j.bias != nullptr)
      for (int o = 0; o < g.o; o++) {
        vf b = vset1(j.bias[o]);
        float* r = yi + o * p;
        long t = 0;
        for (; t + VW <= p; t += VW) vstore(r + t, vload(r + t) + b);
        for (; t < p; t++) r[t] += j.bias[o];
      }
  }
}

void backward_input_images(const ConvJob& j, int lo, int hi) {
  const ConvGeom& g = *j.g;
  const long p = (long)g.oh * g.ow, in = (long)g.c * g.h * g.w;
  bool pw = is_pointwise(g);
  float* col = pw ? nullptr : scratch(2, (size_t)(ckk(g) * p));
  for (int i = lo; i < hi; i++) {
    float* dxi = j.dx + i * in;
    const float* dyi = j.dy + (long)i * g.o * p;
    gemm_for(j, true, false, static_cast<int>(ckk(g)), static_cast<int>(p), g.o, j.w, dyi, pw ? dxi : col, false);
    if (!pw) col2im(g, col, dxi);
  }
}

void backward_filter_images(const ConvJob& j, int lo, int hi, float* dw) {
  const ConvGeom& g = *j.g;
  const long p = (long)g.oh * g.ow, in = (long)g.c * g.h * g.w;
  float* col = is_pointwise(g) ? nullptr : scratch(2, (size_t)(ckk(g) * p));
  for (int i = lo; i < hi; i++) {
    const float* xi = j.x + i * in;
    if (col != nullptr) im2col(g, xi, col);
    gemm_for(j, false, true, g.o, static_cast<int>(ckk(g)), static_cast<int>(p), j.dy + (long)i * g.o * p,
             col != nullptr ? col : xi, dw, true);
  }
}

/** Threads to spread images over (1 = run images serially with a threaded GEMM each). */
int image_threads(const ConvGeom& g) {
  int nt = imin(pool_threads(), MAX_THREADS);
  double flops = 2.0 * g.o * ckk(g) * g.oh * g.ow;
  if (nt <= 1 || g.n < nt || flops * g.n < PAR_CONV_FLOPS) return 1;
  return nt;
}

template <void (*Fn)(const ConvJob&, int, int)>
void run_images(ConvJob& j) {
  int nt = image_threads(*j.g);
  j.threaded_gemm = nt == 1;
  if (nt == 1) {
    Fn(j, 0, j.g->n);
    return;
  }
  parallel_chunks(
      j.g->n, nt, [](void* ctx, long image, int) { Fn(*static_cast<ConvJob*>(ctx), (int)image, (int)image + 1); }, &j);
}

}  // namespace

void conv2d_forward(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y) {
  if (conv2d_forward_winograd(g, x, w, bias, y)) return;
  ConvJob j{};
  j.g = &g, j.x = x, j.w = w, j.bias = bias, j.y = y;
  run_images<forward_images>(j);
}

void conv2d_backward_input(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  if (conv2d_backward_input_winograd(g, dy, w, dx)) return;
  ConvJob j{};
  j.g = &g, j.dy = dy, j.w = w, j.dx = dx;
  run_images<backward_input_images>(j);
}

void conv2d_backward_filter(const ConvGeom& g, const float* x, const float* dy, float* dw, float* dbias) {
  ConvJob j{};
  j.g = &g, j.x = x, j.dy = dy, j.dw = dw;
  j.partial[0] = dw;
  const long wsize = g.o * ckk(g), p = (long)g.oh * g.ow;
  if (!conv2d_backward_filter_winograd(g, x, dy, dw)) {
    int nt = image_threads(g);
    j.threaded_gemm = nt == 1;
    memset(dw, 0, sizeof(float) * wsize);
    if (nt == 1) {
      backward_filter_images(j, 0, g.n, dw);
    } else {
      // One dW partial per executing thread (tid 0 writes into dw); images are claimed dynamically.
      parallel_chunks(
          g.n, nt,
          [](void* ctx, long image, int tid) {
            ConvJob& jj = *static_cast<ConvJob*>(ctx);
            float* part = jj.partial[tid];
            if (part == nullptr) {
              long size = jj.g->o * ckk(*jj.g);
              part = scratch(3, (size_t)size);
              memset(part, 0, sizeof(float) * size);
              jj.partial[tid] = part;
            }
            backward_filter_images(jj, (int)image, (int)image + 1, part);
          },
          &j);
      for (int t = 1; t < nt; t++) {
        const float* part = j.partial[t];
        if (part == nullptr) continue;  // that thread claimed no image
        long q = 0;
        for (; q + VW <= wsize; q += VW) vstore(dw + q, vload(dw + q) + vload(part + q));
        for (; q < wsize; q++) dw[q] += part[q];
      }
    }
  }
  if (dbias != nullptr)
    for (int o = 0; o < g.o; o++) {
      double s = 0.0;
      for (int i = 0; i < g.n; i++) s += sum(static_cast<int>(p), dy + ((long)i * g.o + o) * p);
      dbias[o] = static_cast<float>(s);
    }
}

}  // namespace CLINREG_NS
}  // namespace clinreg
