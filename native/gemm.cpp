// Single-precision GEMM in the Goto/BLIS structure: B is packed into NR-wide column panels,
// A into MR-high row panels (packing absorbs every transpose variant), and an MR×NR register
// micro-kernel runs over them. Vectors per ISA come from simd.h: with AVX-512 the tile is
// 12×32 (24 zmm accumulators), with AVX2 and the baseline 6×(2 vectors) (12 accumulators).
// GEMV shapes (m = 1 or n = 1) skip packing: they are memory-bound dot / axpy loops.
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "simd.h"
#include "thread-pool.h"

namespace clinreg {
namespace CLINREG_NS {
namespace {

constexpr int NV = 2;
constexpr int NR = NV * VW;
constexpr int MR = VW == 16 ? 12 : 6;
constexpr int KC = 256;
constexpr int MC = MR * 8;
constexpr int NC = 1024;
// Below this many flops a second thread costs more (wake-up, cache traffic) than it saves.
// Measured on a 2-core Zen 4 (test: 1 vs 2 threads, square-ish GEMMs): with the worker still
// spinning 2 threads win from ~0.5 MFLOP (64×64×64: 7.1 → 4.8 µs); 1.5 MFLOP leaves room for a
// worker that has to be woken from sleep. CLINREG_PAR_FLOPS overrides it (tuning).
double par_flops() {
  static const double v = [] {
    const char* s = getenv("CLINREG_PAR_FLOPS");
    return s != nullptr ? atof(s) : 1.5e6;
  }();
  return v;
}

/** A strided matrix view: element (i, j) at p[i * rs + j * cs]; one of rs, cs is 1. */
struct View {
  const float* p;
  long rs, cs;
};

thread_local float* buffers[4] = {nullptr, nullptr, nullptr, nullptr};
thread_local size_t capacity[4] = {0, 0, 0, 0};

void pack_a(View a, int i0, int p0, int mc, int kc, float* __restrict dst) {
  for (int ir = 0; ir < mc; ir += MR) {
    int mr = imin(MR, mc - ir);
    float* d = dst + (long)ir * kc;
    if (a.cs == 1) {
      for (int r = 0; r < mr; r++) {
        const float* s = a.p + (long)(i0 + ir + r) * a.rs + p0;
        for (int p = 0; p < kc; p++) d[p * MR + r] = s[p];
      }
      for (int r = mr; r < MR; r++)
        for (int p = 0; p < kc; p++) d[p * MR + r] = 0.0f;
    } else {
      for (int p = 0; p < kc; p++) {
        const float* s = a.p + (long)(p0 + p) * a.cs + i0 + ir;
        for (int r = 0; r < mr; r++) d[p * MR + r] = s[r];
        for (int r = mr; r < MR; r++) d[p * MR + r] = 0.0f;
      }
    }
  }
}

#if defined(__AVX2__)
/** dst[q·ld + r] = src[r][p + q] for r, q < 8: an 8×8 block transposed in registers. */
inline void transpose8(const float* const* src, int p, float* dst, long ld) {
  __m256 r0 = _mm256_loadu_ps(src[0] + p), r1 = _mm256_loadu_ps(src[1] + p), r2 = _mm256_loadu_ps(src[2] + p),
         r3 = _mm256_loadu_ps(src[3] + p), r4 = _mm256_loadu_ps(src[4] + p), r5 = _mm256_loadu_ps(src[5] + p),
         r6 = _mm256_loadu_ps(src[6] + p), r7 = _mm256_loadu_ps(src[7] + p);
  __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3),
         t3 = _mm256_unpackhi_ps(r2, r3), t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5),
         t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
  __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)), u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2)),
         u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)), u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2)),
         u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0)), u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2)),
         u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0)), u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
  _mm256_storeu_ps(dst + ld, _mm256_permute2f128_ps(u1, u5, 0x20));
  _mm256_storeu_ps(dst + 2 * ld, _mm256_permute2f128_ps(u2, u6, 0x20));
  _mm256_storeu_ps(dst + 3 * ld, _mm256_permute2f128_ps(u3, u7, 0x20));
  _mm256_storeu_ps(dst + 4 * ld, _mm256_permute2f128_ps(u0, u4, 0x31));
  _mm256_storeu_ps(dst + 5 * ld, _mm256_permute2f128_ps(u1, u5, 0x31));
  _mm256_storeu_ps(dst + 6 * ld, _mm256_permute2f128_ps(u2, u6, 0x31));
  _mm256_storeu_ps(dst + 7 * ld, _mm256_permute2f128_ps(u3, u7, 0x31));
}
#endif

void pack_b(View b, int p0, int j0, int kc, int nc, float* __restrict dst) {
  for (int jr = 0; jr < nc; jr += NR) {
    int nr = imin(NR, nc - jr);
    float* d = dst + (long)jr * kc;
    if (b.cs == 1) {
      for (int p = 0; p < kc; p++) {
        const float* s = b.p + (long)(p0 + p) * b.rs + j0 + jr;
        if (nr == NR) {
          for (int v = 0; v < NV; v++) vstore(d + p * NR + v * VW, vload(s + v * VW));
        } else {
          for (int c = 0; c < nr; c++) d[p * NR + c] = s[c];
          for (int c = nr; c < NR; c++) d[p * NR + c] = 0.0f;
        }
      }
    } else {
#if defined(__AVX2__)
      // op(B) columns are contiguous (B stored transposed): 8×8 register transposes instead of
      // NR-strided scalar stores (the conv filter gradient dy·colᵀ packs 576×1024 of them).
      if (nr == NR && b.rs == 1) {
        for (int c0 = 0; c0 < NR; c0 += 8) {
          const float* src[8];
          for (int q = 0; q < 8; q++) src[q] = b.p + (long)(j0 + jr + c0 + q) * b.cs + p0;
          int p = 0;
          for (; p + 8 <= kc; p += 8) transpose8(src, p, d + (long)p * NR + c0, NR);
          for (; p < kc; p++)
            for (int q = 0; q < 8; q++) d[p * NR + c0 + q] = src[q][p];
        }
        continue;
      }
#endif
      for (int c = 0; c < nr; c++) {
        const float* s = b.p + (long)(j0 + jr + c) * b.cs + p0;
        for (int p = 0; p < kc; p++) d[p * NR + c] = s[p];
      }
      for (int c = nr; c < NR; c++)
        for (int p = 0; p < kc; p++) d[p * NR + c] = 0.0f;
    }
  }
}

inline void micro(int kc, const float* __restrict a, const float* __restrict b, float* c, long ldc, int mr, int nr,
                  bool acc) {
  vf t[MR][NV];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) t[r][v] = vf{};
  for (int p = 0; p < kc; p++) {
    vf bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = *reinterpret_cast<const vf*>(b + p * NR + v * VW);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      vf av = vset1(a[p * MR + r]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) t[r][v] += av * bv[v];
    }
  }
  if (mr == MR && nr == NR) {
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) {
        float* cp = c + r * ldc + v * VW;
        vstore(cp, acc ? vload(cp) + t[r][v] : t[r][v]);
      }
    return;
  }
  alignas(64) float tmp[MR * NR];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NV; v++) *reinterpret_cast<vf*>(tmp + r * NR + v * VW) = t[r][v];
  for (int r = 0; r < mr; r++)
    for (int j = 0; j < nr; j++) c[r * ldc + j] = (acc ? c[r * ldc + j] : 0.0f) + tmp[r * NR + j];
}

/** C[m×n] (ldc) (+)= A·B through packing. */
void gemm_packed(int m, int n, int k, View a, View b, float* c, long ldc, bool acc) {
  float* bp = scratch(0, (size_t)KC * ((imin(n, NC) + NR - 1) / NR * NR));
  float* ap = scratch(1, (size_t)KC * ((imin(m, MC) + MR - 1) / MR * MR));
  for (int jc = 0; jc < n; jc += NC) {
    int nc = imin(NC, n - jc);
    for (int pc = 0; pc < k; pc += KC) {
      int kc = imin(KC, k - pc);
      bool blk_acc = acc || pc > 0;
      pack_b(b, pc, jc, kc, nc, bp);
      for (int ic = 0; ic < m; ic += MC) {
        int mc = imin(MC, m - ic);
        pack_a(a, ic, pc, mc, kc, ap);
        for (int jr = 0; jr < nc; jr += NR)
          for (int ir = 0; ir < mc; ir += MR)
            micro(kc, ap + (long)ir * kc, bp + (long)jr * kc, c + (long)(ic + ir) * ldc + jc + jr, ldc,
                  imin(MR, mc - ir), imin(NR, nc - jr), blk_acc);
      }
    }
  }
}

/** y[i] (+)= Σ_p M[i·ld + p]·x[p] for i < rows (row-wise dot products). */
void gemv_dots(int rows, int len, const float* mat, long ld, const float* x, float* y, bool acc) {
  int i = 0;
  for (; i + 4 <= rows; i += 4) {
    const float* r0 = mat + (long)i * ld;
    vf s0{}, s1{}, s2{}, s3{};
    int p = 0;
    for (; p + VW <= len; p += VW) {
      vf xv = vload(x + p);
      s0 += vload(r0 + p) * xv;
      s1 += vload(r0 + ld + p) * xv;
      s2 += vload(r0 + 2 * ld + p) * xv;
      s3 += vload(r0 + 3 * ld + p) * xv;
    }
    float t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    for (; p < len; p++) {
      t0 += r0[p] * x[p];
      t1 += r0[ld + p] * x[p];
      t2 += r0[2 * ld + p] * x[p];
      t3 += r0[3 * ld + p] * x[p];
    }
    y[i] = acc ? y[i] + t0 : t0;
    y[i + 1] = acc ? y[i + 1] + t1 : t1;
    y[i + 2] = acc ? y[i + 2] + t2 : t2;
    y[i + 3] = acc ? y[i + 3] + t3 : t3;
  }
  for (; i < rows; i++) {
    const float* r0 = mat + (long)i * ld;
    vf s{};
    int p = 0;
    for (; p + VW <= len; p += VW) s += vload(r0 + p) * vload(x + p);
    float t = hsum(s);
    for (; p < len; p++) t += r0[p] * x[p];
    y[i] = acc ? y[i] + t : t;
  }
}

/**
 * y[j] (+)= Σ_p x[p]·M[p·ld + j] for j < cols (axpy over the rows of M). Zero x[p] are not
 * skipped: 0·NaN and 0·Inf must give NaN as in PyTorch's BLAS.
 */
void gemv_axpy(int len, int cols, const float* mat, long ld, const float* x, float* y, bool acc) {
  if (!acc) memset(y, 0, sizeof(float) * cols);
  for (int p = 0; p < len; p++) {
    float xp = x[p];
    const float* r = mat + (long)p * ld;
    vf xv = vset1(xp);
    int j = 0;
    for (; j + VW <= cols; j += VW) vstore(y + j, vload(y + j) + xv * vload(r + j));
    for (; j < cols; j++) y[j] += xp * r[j];
  }
}

/** The serial dispatcher on strided views; C has leading dimension ldc. */
void gemm_views(int m, int n, int k, View a, View b, float* c, long ldc, bool acc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!acc)
      for (int i = 0; i < m; i++) memset(c + (long)i * ldc, 0, sizeof(float) * n);
    return;
  }
  // n = 1: C is a column; B's single column is contiguous in both layouts.
  if (n == 1 && b.rs == 1 && ldc == 1) {
    if (a.cs == 1) gemv_dots(m, k, a.p, a.rs, b.p, c, acc);
    else gemv_axpy(k, m, a.p, a.cs, b.p, c, acc);
    return;
  }
  // m = 1: C is a row; A's single row is contiguous in both layouts.
  if (m == 1 && (a.cs == 1 || a.rs == 1)) {
    const float* x = a.p;
    if (b.cs == 1) gemv_axpy(k, n, b.p, b.rs, x, c, acc);
    else gemv_dots(n, k, b.p, b.cs, x, c, acc);
    return;
  }
  gemm_packed(m, n, k, a, b, c, ldc, acc);
}

View view_a(bool ta, int m, int k, const float* a) { return ta ? View{a, 1, m} : View{a, k, 1}; }
View view_b(bool tb, int n, int k, const float* b) { return tb ? View{b, 1, k} : View{b, n, 1}; }

struct SplitJob {
  int m, n, k;
  View a, b;
  float* c;
  bool acc, split_n;
  int step;
};

void split_task(void* ctx, long chunk, int) {
  const SplitJob& j = *static_cast<const SplitJob*>(ctx);
  int total = j.split_n ? j.n : j.m;
  int lo = static_cast<int>(chunk) * j.step;
  int hi = imin(total, lo + j.step);
  if (lo >= hi) return;
  if (j.split_n) {
    View b{j.b.p + (long)lo * j.b.cs, j.b.rs, j.b.cs};
    gemm_views(j.m, hi - lo, j.k, j.a, b, j.c + lo, j.n, j.acc);
  } else {
    View a{j.a.p + (long)lo * j.a.rs, j.a.rs, j.a.cs};
    gemm_views(hi - lo, j.n, j.k, a, j.b, j.c + (long)lo * j.n, j.n, j.acc);
  }
}

}  // namespace

float* scratch(int slot, size_t floats) {
  if (capacity[slot] < floats) {
    free(buffers[slot]);
    size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    buffers[slot] = static_cast<float*>(aligned_alloc(64, bytes));
    capacity[slot] = buffers[slot] != nullptr ? floats : 0;
    if (buffers[slot] == nullptr) abort();
  }
  return buffers[slot];
}

void gemm_serial(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c, bool acc) {
  gemm_views(m, n, k, view_a(ta, m, k, a), view_b(tb, n, k, b), c, n, acc);
}

void gemm(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c, bool acc) {
  int nt = pool_threads();
  double flops = 2.0 * m * n * k;
  if (nt <= 1 || flops < par_flops() || (n < 2 * NR && m < 2 * MR)) {
    gemm_serial(ta, tb, m, n, k, a, b, c, acc);
    return;
  }
  SplitJob j{m, n, k, view_a(ta, m, k, a), view_b(tb, n, k, b), c, acc, n >= m || m < 2 * MR, 0};
  // Split along the longer side, in whole micro-tiles so no tile straddles two threads, into up to
  // CHUNKS_PER_THREAD chunks per thread that threads claim as they go: a worker slowed by another
  // process on its core then does fewer chunks and the caller more, instead of the caller waiting
  // for half the work. Each chunk packs the other operand again, so a chunk spans ≥ MIN_SPAN rows
  // (columns), keeping that repacking within ~2% of the chunk's arithmetic.
  constexpr int CHUNKS_PER_THREAD = 4;
  constexpr int MIN_SPAN = 48;
  int unit = j.split_n ? NR : MR;
  int total = j.split_n ? n : m;
  int units = (total + unit - 1) / unit;
  if (units < nt) nt = units;
  int step_units = (units + nt * CHUNKS_PER_THREAD - 1) / (nt * CHUNKS_PER_THREAD);
  step_units = imax(step_units, (MIN_SPAN + unit - 1) / unit);
  if ((units + step_units - 1) / step_units < nt) step_units = (units + nt - 1) / nt;
  j.step = step_units * unit;
  parallel_chunks((total + j.step - 1) / j.step, nt, split_task, &j);
}

}  // namespace CLINREG_NS
}  // namespace clinreg
