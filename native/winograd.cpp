// Winograd F(2×2, 3×3) for 3×3 stride-1 convolutions (Lavin & Gray, CVPR 2016), the native port of
// asm/winograd.ts: each 2×2 output tile is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A over its 4×4 input patch d, so
// the channel sums become 16 GEMMs (one per point ξ of the 4×4 transform domain) of the transformed
// weights U_ξ[M × K] and patches V_ξ[K × tiles]: 2.25× fewer multiply-adds than im2col. The forward
// and the input gradient (a convolution of dy with the weights turned by 180°, padding 2 − p) share
// it; the filter gradient is its adjoint, dL/dg = Gᵀ[Σ_tiles (A dy_tile Aᵀ) ⊙ V_tile]G, one GEMM
// Z_ξ[M × K] += D_ξ[M × tiles]·V_ξ[K × tiles]ᵀ per ξ (asm/winograd-filter.ts). The transforms mix a whole patch, so a NaN or Inf would reach outputs whose window does not
// hold it: only finite operands take this path (as in asm/conv.ts). CLINREG_NO_WINOGRAD=1, read
// once, keeps im2col everywhere (for A/B timings).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "ops.h"
#include "parallel.h"

namespace clinreg {
namespace CLINREG_NS {
namespace {

/** Tiles per block: the 16 V_ξ and M_ξ of a block (K = 64, M = 128: 512 KB + 1 MB) near L2. */
constexpr int WINO_TB = 128;
constexpr int WINO_MIN_CHANNELS = 16;

/**
 * Floats from one ξ's matrix of `n` floats to the next: a cache line past n rounded to a line, so
 * the 16 streams a transform writes or reads do not share L1 sets (power-of-two strides would).
 */
long xi_stride(long n) { return (n + 15) / 16 * 16 + 16; }

bool wino_disabled() {
  static const bool off = [] {
    const char* v = getenv("CLINREG_NO_WINOGRAD");
    return v != nullptr && v[0] != '\0' && strcmp(v, "0") != 0;
  }();
  return off;
}

bool wino_finite(long n, const float* a) {
  // x·0 is 0 for a finite x and NaN for a NaN or ±Inf; a NaN lane stays NaN in the sum.
  const vf zero = vset1(0.0f);
  vf acc = zero;
  long i = 0;
  for (; i + VW <= n; i += VW) acc += vload(a + i) * zero;
  float s = hsum(acc);
  for (; i < n; i++) s += a[i] * 0.0f;
  return s == 0.0f;
}

/** One Winograd convolution: k input channels of ih × iw, padding ph/pw, m outputs of oh × ow. */
struct WinoPlan {
  int k, ih, iw, ph, pw, m, oh, ow;
  int th, tw, hp, wp;
  const float* u;  // 16 × [m × k]
  const float* bias;
};

/**
 * U_ξ = G g Gᵀ for every (r, q) (r < m, q < k), G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], in double
 * precision, rounded once. g = w[r, q] or, when `flip`, w[q, r] turned by 180°.
 */
void wino_weights(const float* w, int m, int k, bool flip, float* u) {
  const long mk = (long)m * k;
  for (int r = 0; r < m; r++)
    for (int q = 0; q < k; q++) {
      const float* s = w + (flip ? (long)q * m + r : (long)r * k + q) * 9;
      double g[3][3];
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) g[i][j] = flip ? s[8 - 3 * i - j] : s[3 * i + j];
      double t[4][3];
      for (int j = 0; j < 3; j++) {
        t[0][j] = g[0][j];
        t[1][j] = 0.5 * (g[0][j] + g[1][j] + g[2][j]);
        t[2][j] = 0.5 * (g[0][j] - g[1][j] + g[2][j]);
        t[3][j] = g[2][j];
      }
      float* at = u + (long)r * k + q;
      for (int i = 0; i < 4; i++) {
        at[(4 * i + 0) * mk] = (float)t[i][0];
        at[(4 * i + 1) * mk] = (float)(0.5 * (t[i][0] + t[i][1] + t[i][2]));
        at[(4 * i + 2) * mk] = (float)(0.5 * (t[i][0] - t[i][1] + t[i][2]));
        at[(4 * i + 3) * mk] = (float)t[i][2];
      }
    }
}

/** The zero-padded image: row r, column s of channel c is x[c, r − ph, s − pw] (0 outside). */
void wino_pad(const WinoPlan& p, const float* x, float* pad) {
  memset(pad, 0, sizeof(float) * p.k * p.hp * p.wp);
  const int rows = imin(p.ih, p.hp - p.ph), cols = imin(p.iw, p.wp - p.pw);
  for (int c = 0; c < p.k; c++)
    for (int r = 0; r < rows; r++)
      memcpy(pad + ((long)c * p.hp + r + p.ph) * p.wp + p.pw, x + ((long)c * p.ih + r) * p.iw, sizeof(float) * cols);
}

/** V_ξ[c, l] = (Bᵀ d B)[ξ] of tile t0 + l, channel c, at v + ξ·xi_stride(k·tb) + c·tb + l. */
void wino_input(const WinoPlan& p, const float* pad, int t0, int tb, float* v) {
  const long vs = xi_stride((long)p.k * tb);
  for (int c = 0; c < p.k; c++) {
    const float* plane = pad + (long)c * p.hp * p.wp;
    float* dst = v + (long)c * tb;
    int l = 0;
    while (l < tb) {
      const int t = t0 + l, ty = t / p.tw, tx0 = t - ty * p.tw;
      const int run = imin(tb - l, p.tw - tx0);  // tiles left in this tile row
      const float* r0 = plane + (long)(2 * ty) * p.wp + 2 * tx0;
      const float *r1 = r0 + p.wp, *r2 = r1 + p.wp, *r3 = r2 + p.wp;
      float* o = dst + l;
      for (int e = 0; e < run; e++) {
        const int j = 2 * e;
        float d[4][4];
        for (int q = 0; q < 4; q++) {
          const float a0 = r0[j + q], a1 = r1[j + q], a2 = r2[j + q], a3 = r3[j + q];
          d[0][q] = a0 - a2, d[1][q] = a1 + a2, d[2][q] = a2 - a1, d[3][q] = a1 - a3;
        }
        for (int i = 0; i < 4; i++) {
          o[e + (4 * i + 0) * vs] = d[i][0] - d[i][2];
          o[e + (4 * i + 1) * vs] = d[i][1] + d[i][2];
          o[e + (4 * i + 2) * vs] = d[i][2] - d[i][1];
          o[e + (4 * i + 3) * vs] = d[i][1] - d[i][3];
        }
      }
      l += run;
    }
  }
}

/** y[o] tiles t0 … t0 + tb − 1 = Aᵀ M A (+ bias), Aᵀ = [1 1 1 0; 0 1 −1 −1]; M_ξ[o, l] at mx + ξ·xi_stride(m·tb) + o·tb + l. */
void wino_output(const WinoPlan& p, const float* mx, int t0, int tb, float* y) {
  const long ms = xi_stride((long)p.m * tb);
  // The four outputs of each tile, formed VW tiles at a time (16 contiguous streams), then placed.
  float q[4][WINO_TB + CLINREG_VW];
  for (int o = 0; o < p.m; o++) {
    float* yo = y + (long)o * p.oh * p.ow;
    const vf b = vset1(p.bias != nullptr ? p.bias[o] : 0.0f);
    const float* s = mx + (long)o * tb;
    for (int l = 0; l < tb; l += VW) {
      vf mm[16];
      for (int xi = 0; xi < 16; xi++) mm[xi] = vload(s + l + xi * ms);
      vf a[4], c[4];
      for (int j = 0; j < 4; j++) {
        a[j] = mm[j] + mm[4 + j] + mm[8 + j];
        c[j] = mm[4 + j] - mm[8 + j] - mm[12 + j];
      }
      vstore(q[0] + l, a[0] + a[1] + a[2] + b);
      vstore(q[1] + l, a[1] - a[2] - a[3] + b);
      vstore(q[2] + l, c[0] + c[1] + c[2] + b);
      vstore(q[3] + l, c[1] - c[2] - c[3] + b);
    }
    for (int l = 0; l < tb;) {
      const int t = t0 + l, ty = t / p.tw, tx0 = t - ty * p.tw;
      const int run = imin(tb - l, p.tw - tx0), oy = 2 * ty;
      float* r0 = yo + (long)oy * p.ow + 2 * tx0;
      // The last tile of a row of odd width has one column; an odd last row has one row.
      const int full = 2 * (tx0 + run) <= p.ow ? run : run - 1;
      const bool down = oy + 1 < p.oh;
      for (int e = 0; e < full; e++) r0[2 * e] = q[0][l + e], r0[2 * e + 1] = q[1][l + e];
      if (full < run) r0[2 * full] = q[0][l + full];
      if (down) {
        float* r1 = r0 + p.ow;
        for (int e = 0; e < full; e++) r1[2 * e] = q[2][l + e], r1[2 * e + 1] = q[3][l + e];
        if (full < run) r1[2 * full] = q[2][l + full];
      }
      l += run;
    }
  }
}

/** One image: y[m, oh, ow] from x[k, ih, iw]; `threaded` lets each ξ's GEMM use the pool. */
void wino_image(const WinoPlan& p, const float* x, float* y, bool threaded) {
  thread_local std::vector<float> buf;
  const long padn = (long)p.k * p.hp * p.wp;
  const long vn = 16 * xi_stride((long)p.k * WINO_TB), mn = 16 * xi_stride((long)p.m * WINO_TB);
  if ((long)buf.size() < padn + vn + mn) buf.resize(padn + vn + mn);
  float *pad = buf.data(), *v = pad + padn, *mx = v + vn;
  wino_pad(p, x, pad);
  const int tiles = p.th * p.tw;
  const long mk = (long)p.m * p.k;
  for (int t0 = 0; t0 < tiles; t0 += WINO_TB) {
    const int tb = imin(WINO_TB, tiles - t0);
    wino_input(p, pad, t0, tb, v);
    for (int xi = 0; xi < 16; xi++) {
      const float *a = p.u + xi * mk, *b = v + xi * xi_stride((long)p.k * tb);
      float* c = mx + xi * xi_stride((long)p.m * tb);
      if (threaded) gemm(false, false, p.m, tb, p.k, a, b, c, false);
      else gemm_serial(false, false, p.m, tb, p.k, a, b, c, false);
    }
    wino_output(p, mx, t0, tb, y);
  }
}

struct WinoJob {
  const WinoPlan* p;
  const float* x;
  float* y;
  long in, out;
};

/** Runs wino_image over n images, images across the pool when there are enough of them. */
void wino_run(const WinoPlan& p, int n, const float* x, float* y) {
  WinoJob j{&p, x, y, (long)p.k * p.ih * p.iw, (long)p.m * p.oh * p.ow};
  const int nt = imin(pool_threads(), n);
  if (nt <= 1) {
    for (int i = 0; i < n; i++) wino_image(p, x + i * j.in, y + i * j.out, true);
    return;
  }
  parallel_chunks(
      n, nt,
      [](void* ctx, long i, int) {
        const WinoJob& jj = *static_cast<WinoJob*>(ctx);
        wino_image(*jj.p, jj.x + i * jj.in, jj.y + i * jj.out, false);
      },
      &j);
}

/**
 * D_ξ = A dy_tile Aᵀ (A = [1 0; 1 1; 1 −1; 0 −1]) of tiles t0 … t0 + tb − 1 of one image's dy
 * (p.m planes of oh × ow; 0 past the last row or column), at d + ξ·xi_stride(m·tb) + o·tb + l.
 */
void wino_dy(const WinoPlan& p, const float* dy, int t0, int tb, float* d) {
  const long ds = xi_stride((long)p.m * tb);
  for (int o = 0; o < p.m; o++) {
    const float* plane = dy + (long)o * p.oh * p.ow;
    float* dst = d + (long)o * tb;
    for (int l = 0; l < tb; l++) {
      const int t = t0 + l, ty = t / p.tw, tx = t - ty * p.tw, oy = 2 * ty, ox = 2 * tx;
      const float* r = plane + (long)oy * p.ow + ox;
      const bool right = ox + 1 < p.ow, down = oy + 1 < p.oh;
      const float p00 = r[0], p01 = right ? r[1] : 0.0f;
      const float p10 = down ? r[p.ow] : 0.0f, p11 = down && right ? r[p.ow + 1] : 0.0f;
      // Rows of A dy: dy₀, dy₀ + dy₁, dy₀ − dy₁, −dy₁; then the same on the columns.
      const float rows[4][2] = {{p00, p01}, {p00 + p10, p01 + p11}, {p00 - p10, p01 - p11}, {-p10, -p11}};
      for (int i = 0; i < 4; i++) {
        const float u0 = rows[i][0], u1 = rows[i][1];
        dst[l + (4 * i + 0) * ds] = u0;
        dst[l + (4 * i + 1) * ds] = u0 + u1;
        dst[l + (4 * i + 2) * ds] = u0 - u1;
        dst[l + (4 * i + 3) * ds] = -u1;
      }
    }
  }
}

struct WinoFilterJob {
  const WinoPlan* p;
  const float *x, *dy;
  float* z;  // one 16 × xi_stride(m·k) partial per thread
  long in, out, zn;
};

/** Z_ξ[m × k] += D_ξ · V_ξᵀ over the tiles of image i, into thread tid's partial. */
void wino_filter_image(const WinoFilterJob& j, long i, int tid) {
  const WinoPlan& p = *j.p;
  thread_local std::vector<float> buf;
  const long padn = (long)p.k * p.hp * p.wp;
  const long vn = 16 * xi_stride((long)p.k * WINO_TB), dn = 16 * xi_stride((long)p.m * WINO_TB);
  if ((long)buf.size() < padn + vn + dn) buf.resize(padn + vn + dn);
  float *pad = buf.data(), *v = pad + padn, *d = v + vn;
  float* z = j.z + tid * j.zn;
  const long zs = xi_stride((long)p.m * p.k);
  wino_pad(p, j.x + i * j.in, pad);
  const int tiles = p.th * p.tw;
  for (int t0 = 0; t0 < tiles; t0 += WINO_TB) {
    const int tb = imin(WINO_TB, tiles - t0);
    wino_input(p, pad, t0, tb, v);
    wino_dy(p, j.dy + i * j.out, t0, tb, d);
    for (int xi = 0; xi < 16; xi++)
      gemm_serial(false, true, p.m, p.k, tb, d + xi * xi_stride((long)p.m * tb), v + xi * xi_stride((long)p.k * tb),
                  z + xi * zs, true);
  }
}

bool wino_shape(const ConvGeom& g) {
  return !wino_disabled() && g.kh == 3 && g.kw == 3 && g.sh == 1 && g.sw == 1 && g.ph <= 2 && g.pw <= 2 &&
         g.oh >= 1 && g.ow >= 1;
}

}  // namespace

bool conv2d_forward_winograd(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y) {
  if (!wino_shape(g) || g.c < WINO_MIN_CHANNELS) return false;
  const long wn = (long)g.o * g.c * 9;
  if (!wino_finite((long)g.n * g.c * g.h * g.w, x) || !wino_finite(wn, w) || (bias && !wino_finite(g.o, bias)))
    return false;
  std::vector<float> u(16 * (size_t)g.o * g.c);
  wino_weights(w, g.o, g.c, false, u.data());
  WinoPlan p{g.c, g.h, g.w, g.ph, g.pw, g.o, g.oh, g.ow, (g.oh + 1) / 2, (g.ow + 1) / 2, 0, 0, u.data(), bias};
  p.hp = 2 * p.th + 2, p.wp = 2 * p.tw + 2;
  wino_run(p, g.n, x, y);
  return true;
}

bool conv2d_backward_input_winograd(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  if (!wino_shape(g) || g.o < WINO_MIN_CHANNELS) return false;
  if (!wino_finite((long)g.n * g.o * g.oh * g.ow, dy) || !wino_finite((long)g.o * g.c * 9, w)) return false;
  std::vector<float> u(16 * (size_t)g.o * g.c);
  wino_weights(w, g.c, g.o, true, u.data());
  // dx is the full convolution of dy (padding 2 − p) with the flipped, transposed weights.
  WinoPlan p{g.o, g.oh, g.ow, 2 - g.ph, 2 - g.pw, g.c, g.h, g.w, (g.h + 1) / 2, (g.w + 1) / 2, 0, 0, u.data(),
             nullptr};
  p.hp = 2 * p.th + 2, p.wp = 2 * p.tw + 2;
  wino_run(p, g.n, dy, dx);
  return true;
}

bool conv2d_backward_filter_winograd(const ConvGeom& g, const float* x, const float* dy, float* dw) {
  if (!wino_shape(g) || g.c < WINO_MIN_CHANNELS) return false;
  if (!wino_finite((long)g.n * g.c * g.h * g.w, x) || !wino_finite((long)g.n * g.o * g.oh * g.ow, dy)) return false;
  WinoPlan p{g.c, g.h, g.w, g.ph, g.pw, g.o, g.oh, g.ow, (g.oh + 1) / 2, (g.ow + 1) / 2, 0, 0, nullptr, nullptr};
  p.hp = 2 * p.th + 2, p.wp = 2 * p.tw + 2;
  const int nt = imax(1, imin(pool_threads(), g.n));
  const long zs = xi_stride((long)g.o * g.c), zn = 16 * zs;
  std::vector<float> z((size_t)(nt * zn), 0.0f);
  WinoFilterJob j{&p, x, dy, z.data(), (long)g.c * g.h * g.w, (long)g.o * g.oh * g.ow, zn};
  if (nt == 1) {
    for (int i = 0; i < g.n; i++) wino_filter_image(j, i, 0);
  } else {
    parallel_chunks(
        g.n, nt, [](void* ctx, long i, int tid) { wino_filter_image(*static_cast<WinoFilterJob*>(ctx), i, tid); }, &j);
    for (int t = 1; t < nt; t++) {
      const float* part = z.data() + t * zn;
      for (long q = 0; q < zn; q++) z[q] += part[q];
    }
  }
  // dw = Gᵀ Z G, Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1], in double precision, rounded once.
  const long mk = (long)g.o * g.c;
  for (long r = 0; r < mk; r++) {
    double s[3][4];
    for (int q = 0; q < 4; q++) {
      const double z0 = z[r + q * zs], z1 = z[r + (4 + q) * zs], z2 = z[r + (8 + q) * zs], z3 = z[r + (12 + q) * zs];
      s[0][q] = z0 + 0.5 * (z1 + z2);
      s[1][q] = 0.5 * (z1 - z2);
      s[2][q] = 0.5 * (z1 + z2) + z3;
    }
    float* out = dw + r * 9;
    for (int a = 0; a < 3; a++) {
      out[3 * a] = (float)(s[a][0] + 0.5 * (s[a][1] + s[a][2]));
      out[3 * a + 1] = (float)(0.5 * (s[a][1] - s[a][2]));
      out[3 * a + 2] = (float)(0.5 * (s[a][1] + s[a][2]) + s[a][3]);
    }
  }
  return true;
}

}  // namespace CLINREG_NS
}  // namespace clinreg
