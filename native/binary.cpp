// Elementwise binary arithmetic (add, sub, mul, div) with the broadcasts tensor ops reduce to,
// the full sum, and sums along one dimension of an [outer, n, inner] view. Memory-bound: one SIMD
// pass, split across the thread pool only for large tensors (parallel.h). Each arithmetic result
// is the float32 rounding of the exact operation, so they equal the TypeScript loops bit for bit.
// Sums accumulate in double (converted straight from memory, several register chains so the adds
// overlap); a parallel split is by fixed blocks or column tiles, so the bits never depend on the
// thread count.
#include "ops.h"
#include "parallel.h"
#include "reduce.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace clinreg {
namespace CLINREG_NS {
namespace {

struct Add { template <class T> static T f(T x, T y) { return x + y; } };
struct Sub { template <class T> static T f(T x, T y) { return x - y; } };
struct Mul { template <class T> static T f(T x, T y) { return x * y; } };
struct Div { template <class T> static T f(T x, T y) { return x / y; } };

// The loops take their pointers as parameters: captured by reference in the parallel_for lambda
// they were reloaded after every store (a may_alias vector store may change any memory whose
// address escaped), three extra dependent loads per vector.

/** o[i] = F(x[i], y[i]) for i < n (F(y[i], x[i]) when Swap): four vectors loaded before any is
 * stored, so a store does not stall the next loads when the arrays lie a multiple of 4 KiB apart
 * (as consecutive JavaScript arrays of one size do). */
template <class F, bool Swap>
inline void same_run(long n, const float* x, const float* y, float* o) {
  long i = 0;
  for (; i + 4 * VW <= n; i += 4 * VW) {
    vf x0 = vload(x + i), x1 = vload(x + i + VW), x2 = vload(x + i + 2 * VW), x3 = vload(x + i + 3 * VW);
    vf y0 = vload(y + i), y1 = vload(y + i + VW), y2 = vload(y + i + 2 * VW), y3 = vload(y + i + 3 * VW);
    vstore(o + i, Swap ? F::f(y0, x0) : F::f(x0, y0));
    vstore(o + i + VW, Swap ? F::f(y1, x1) : F::f(x1, y1));
    vstore(o + i + 2 * VW, Swap ? F::f(y2, x2) : F::f(x2, y2));
    vstore(o + i + 3 * VW, Swap ? F::f(y3, x3) : F::f(x3, y3));
  }
  for (; i + VW <= n; i += VW) {
    vf xv = vload(x + i), yv = vload(y + i);
    vstore(o + i, Swap ? F::f(yv, xv) : F::f(xv, yv));
  }
  for (; i < n; i++) o[i] = Swap ? F::f(y[i], x[i]) : F::f(x[i], y[i]);
}

/** o[i] = F(x[i], s) for i < n (F(s, x[i]) when Swap). */
template <class F, bool Swap>
inline void scalar_run(long n, const float* x, float s, float* o) {
  const vf sv = vset1(s);
  long i = 0;
  for (; i + 2 * VW <= n; i += 2 * VW) {
    vf x0 = vload(x + i), x1 = vload(x + i + VW);
    vstore(o + i, Swap ? F::f(sv, x0) : F::f(x0, sv));
    vstore(o + i + VW, Swap ? F::f(sv, x1) : F::f(x1, sv));
  }
  for (; i + VW <= n; i += VW) {
    vf xv = vload(x + i);
    vstore(o + i, Swap ? F::f(sv, xv) : F::f(xv, sv));
  }
  for (; i < n; i++) o[i] = Swap ? F::f(s, x[i]) : F::f(x[i], s);
}

/** Rows r ∈ [lo, hi) of period mid·inner: o = F(x, b[⌊j / inner⌋]) within each row. */
template <class F, bool Swap>
inline void block_run(long lo, long hi, const float* x, const float* b, float* o, int mid, int inner) {
  const long period = (long)mid * inner;
  for (long r = lo; r < hi; r++) {
    const float* xr = x + r * period;
    float* orow = o + r * period;
    if (inner == 1) same_run<F, Swap>(mid, xr, b, orow);
    else
      for (int m = 0; m < mid; m++) scalar_run<F, Swap>(inner, xr + (long)m * inner, b[m], orow + (long)m * inner);
  }
}

// out[i] = F(a[i], b[i]) (or F(b[i], a[i]) when Swap).
template <class F, bool Swap>
void same(long n, const float* a, const float* b, float* out) {
  parallel_for(n, 1, [&](long lo, long hi) { same_run<F, Swap>(hi - lo, a + lo, b + lo, out + lo); });
}

// out[i] = F(a[i], b[⌊i / inner⌋ mod mid]) over rows of mid·inner elements.
template <class F, bool Swap>
void block(long n, const float* a, const float* b, float* out, int mid, int inner) {
  const long period = (long)mid * inner;
  parallel_for(n / period, period, [&](long lo, long hi) { block_run<F, Swap>(lo, hi, a, b, out, mid, inner); });
}

template <class F, bool Swap>
void dispatch(long n, const float* a, const float* b, float* out, int mid, int inner) {
  if (mid == 0) same<F, Swap>(n, a, b, out);
  else block<F, Swap>(n, a, b, out, mid, inner);
}

template <class F>
void dispatch_swap(bool swap, long n, const float* a, const float* b, float* out, int mid, int inner) {
  if (swap) dispatch<F, true>(n, a, b, out, mid, inner);
  else dispatch<F, false>(n, a, b, out, mid, inner);
}

}  // namespace

void binary(int op, long n, const float* a, const float* b, float* out, int mid, int inner) {
  const bool swap = (op & 4) != 0;
  switch (op & 3) {
    case 0: dispatch_swap<Add>(swap, n, a, b, out, mid, inner); break;
    case 1: dispatch_swap<Sub>(swap, n, a, b, out, mid, inner); break;
    case 2: dispatch_swap<Mul>(swap, n, a, b, out, mid, inner); break;
    default: dispatch_swap<Div>(swap, n, a, b, out, mid, inner); break;
  }
}

double sum(int n, const float* x) {
  const long blocks = ((long)n + SUM_BLOCK - 1) / SUM_BLOCK;
  if (blocks <= 1) return sum_run(x, n);
  // Blocks summed in parallel, then added in block order: the same value as sum_blocks.
  double local[64];
  double* part = blocks <= 64 ? local : static_cast<double*>(malloc(sizeof(double) * blocks));
  if (part == nullptr) return sum_blocks(x, n);
  parallel_for(blocks, SUM_BLOCK, [&](long lo, long hi) {
    for (long b = lo; b < hi; b++) {
      const long left = n - b * SUM_BLOCK;
      part[b] = sum_run(x + b * SUM_BLOCK, left < SUM_BLOCK ? left : SUM_BLOCK);
    }
  });
  double t = 0.0;
  for (long b = 0; b < blocks; b++) t += part[b];
  if (part != local) free(part);
  return t;
}

void sum_along(int outer, int n, int inner, const float* x, float* out, double scale) {
  if (inner == 1) {
    if (outer == 1) {
      out[0] = static_cast<float>(sum(n, x) * scale);
      return;
    }
    if (n > SUM_BLOCK) {
      parallel_for(outer, n, [&](long lo, long hi) {
        for (long o = lo; o < hi; o++) out[o] = static_cast<float>(sum_blocks(x + o * n, n) * scale);
      });
      return;
    }
    parallel_for(outer, n, [&](long lo, long hi) {
      const float* x_ = x;
      float* out_ = out;
      const long n_ = n;
      long o = lo;
      for (; o + 2 <= hi; o += 2) {
        double s, t;
        row_sums2(x_ + o * n_, x_ + (o + 1) * n_, n_, s, t);
        out_[o] = static_cast<float>(s * scale);
        out_[o + 1] = static_cast<float>(t * scale);
      }
      if (o < hi) out_[o] = static_cast<float>(row_sum(x_ + o * n_, n_) * scale);
    });
    return;
  }
  if (outer == 0 || inner == 0) return;
  // Column sums of each [n, inner] slab. Tall slabs: blocks of a fixed number of rows (about
  // 256 KiB, a function of inner only) each give every column a partial sum, the partials are
  // added in block order; a task reads whole rows, contiguous memory. A column's bits depend on
  // n and inner, never on the thread count.
  const int block_rows = imax(COLUMN_ROWS, (int)(4 * SUM_BLOCK / inner) / COLUMN_ROWS * COLUMN_ROWS);
  const long nb = ((long)n + block_rows - 1) / block_rows;
  if (nb >= 2) {
    double* part = static_cast<double*>(malloc(sizeof(double) * outer * nb * inner));
    if (part != nullptr) {
      parallel_for((long)outer * nb, (long)block_rows * inner, [&](long lo, long hi) {
        for (long t = lo; t < hi; t++) {
          const long o = t / nb, b = t % nb;
          const int r0 = static_cast<int>(b * block_rows), rows = imin(block_rows, n - r0);
          double* acc = part + t * inner;
          for (int c = 0; c < inner; c++) acc[c] = 0.0;
          const float* base = x + (o * (long)n + r0) * inner;
          for (int r = 0; r < rows; r += COLUMN_ROWS)
            column_block(base + (long)r * inner, inner, imin(COLUMN_ROWS, rows - r), inner, acc);
        }
      });
      for (long o = 0; o < outer; o++) {
        const double* p0 = part + o * nb * inner;
        for (int c = 0; c < inner; c++) {
          double sum = 0.0;
          for (long b = 0; b < nb; b++) sum += p0[b * inner + c];
          out[o * inner + c] = static_cast<float>(sum * scale);
        }
      }
      free(part);
      return;
    }
  }
  // Short slabs (or no memory for the partials): a task takes a group of whole column tiles of
  // one slab (as many groups as it takes to give every thread one, when there are enough
  // columns); each column adds its rows in order.
  const long want = (pool_threads() + outer - 1) / outer;
  // Groups are made of 4·VW-column tiles, or of VW columns when there are too few tiles to go round.
  int unit = 4 * VW;
  if ((inner + unit - 1) / unit < want) unit = VW;
  const long tiles = (inner + unit - 1) / unit;
  const long groups = want < tiles ? want : tiles;
  parallel_for((long)outer * groups, (long)n * inner / groups, [&](long lo, long hi) {
    for (long t = lo; t < hi; t++) {
      const long o = t / groups, g = t % groups;
      const int j0 = static_cast<int>(tiles * g / groups) * unit;
      const int j1 = imin(inner, static_cast<int>(tiles * (g + 1) / groups) * unit);
      column_sums(n, inner, x + o * (long)n * inner + j0, j1 - j0, out + o * (long)inner + j0, scale);
    }
  });
}

}  // namespace CLINREG_NS
}  // namespace clinreg

#if defined(__GLIBC__)
namespace {
// Every tensor op writes a fresh output array, and the JavaScript garbage collector frees the
// old ones late and in bursts. With glibc's defaults an array of 128 KiB or more is its own mmap
// (the dynamic threshold only rises when such a block is freed), and freed heap memory is handed
// back to the kernel once 128 KiB lie free at the top: either way the next output of that size
// is fresh pages, zeroed by the kernel on first touch. That was most of the time of a large op
// (add of two [4096, 128]: 964 µs CPU, against 256 µs with the settings below, PyTorch 127 µs;
// 2-core EPYC, load ~7). So, when the addon loads: blocks up to 32 MiB (glibc's own ceiling for
// the dynamic threshold) come from the heap and are reused, and up to 128 MiB of free heap are
// kept for the next outputs instead of being returned to the kernel. Runs once per ISA object;
// the calls are idempotent. Process-wide; other allocators (musl, macOS) are left alone.
struct KeepFreedOutputs {
  KeepFreedOutputs() {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
  }
} keep_freed_outputs;
}  // namespace
#endif
