// The summation loops behind binary.cpp's sum and sum_along: float data added in double, converted
// straight from memory into several register chains (one chain would wait on the add latency at
// every element), and the column sums of elementwise.cpp's sum_rows (in float). Internal linkage
// only, like simd.h.
#pragma once
#include <stdlib.h>

#include "simd.h"

namespace clinreg {
namespace CLINREG_NS {
namespace {

/**
 * Elements per block of a long sum: the unit of the parallel split, fixed so that the result does
 * not depend on the thread count.
 */
constexpr long SUM_BLOCK = 1L << 14;

/**
 * x[0..n) in double: eight register-wide accumulators (element i into chain ⌊i / VW/2⌋ mod 8),
 * combined pairwise, then the tail in order.
 */
inline double sum_run(const float* x, long n) {
  vd s0{}, s1{}, s2{}, s3{};
  long i = 0;
  for (; i + 4 * VW <= n; i += 4 * VW) {
    s0 += widen_load(x + i);
    s1 += widen_load(x + i + VW);
    s2 += widen_load(x + i + 2 * VW);
    s3 += widen_load(x + i + 3 * VW);
  }
  for (; i + VW <= n; i += VW) s0 += widen_load(x + i);
  double t = hsum((s0 + s1) + (s2 + s3));
  for (; i < n; i++) t += x[i];
  return t;
}

/**
 * A row of n ≤ SUM_BLOCK in double, two rows at a time: per row two register-wide accumulators
 * (the row's own arithmetic does not depend on its partner), so the two rows' add chains overlap
 * where one short row would wait on its final reduction.
 */
inline void row_sums2(const float* x, const float* y, long n, double& tx, double& ty) {
  vd a0{}, a1{}, b0{}, b1{};
  long i = 0;
  for (; i + 2 * VW <= n; i += 2 * VW) {
    a0 += widen_load(x + i);
    b0 += widen_load(y + i);
    a1 += widen_load(x + i + VW);
    b1 += widen_load(y + i + VW);
  }
  if (i + VW <= n) {
    a0 += widen_load(x + i);
    b0 += widen_load(y + i);
    i += VW;
  }
  double s = hsum(a0 + a1), t = hsum(b0 + b1);
  for (; i < n; i++) {
    s += x[i];
    t += y[i];
  }
  tx = s;
  ty = t;
}

/** The same sum as row_sums2 for one row. */
inline double row_sum(const float* x, long n) {
  vd a0{}, a1{};
  long i = 0;
  for (; i + 2 * VW <= n; i += 2 * VW) {
    a0 += widen_load(x + i);
    a1 += widen_load(x + i + VW);
  }
  if (i + VW <= n) {
    a0 += widen_load(x + i);
    i += VW;
  }
  double s = hsum(a0 + a1);
  for (; i < n; i++) s += x[i];
  return s;
}

/** x[0..n) in double, block by block in order (the serial form of `sum`). */
inline double sum_blocks(const float* x, long n) {
  if (n <= SUM_BLOCK) return sum_run(x, n);
  double t = 0.0;
  for (long b = 0; b < n; b += SUM_BLOCK) t += sum_run(x + b, n - b < SUM_BLOCK ? n - b : SUM_BLOCK);
  return t;
}

typedef double vdhu __attribute__((vector_size(CLINREG_VW * 4), aligned(8), may_alias));
inline vd load_vd(const double* p) {
  return {*reinterpret_cast<const vdhu*>(p), *reinterpret_cast<const vdhu*>(p + VW / 2)};
}
inline void store_vd(double* p, vd v) {
  *reinterpret_cast<vdhu*>(p) = v.lo;
  *reinterpret_cast<vdhu*>(p + VW / 2) = v.hi;
}

/** Rows per pass of column_block: a block of rows stays in L1 while every column tile reads it. */
constexpr int COLUMN_ROWS = 32;

/** Column-sum accumulators: float lanes (a sum PyTorch keeps in float) or double lanes. */
inline vf acc_load(const float* p) { return vload(p); }
inline void acc_store(float* p, vf v) { vstore(p, v); }
inline vf acc_add(vf s, const float* p) { return s + vload(p); }
inline vd acc_load(const double* p) { return load_vd(p); }
inline void acc_store(double* p, vd v) { store_vd(p, v); }
inline vd acc_add(vd s, const float* p) { return s + widen_load(p); }

/**
 * acc[c] += Σ_{r < rows} base[r·inner + c] for c < w, each column in row order, in the type of
 * acc (float or double): tiles of 4·VW columns in four chains of VW lanes (one chain would wait
 * on the add latency at every row), then VW columns, then single columns.
 */
template <class A>
inline void column_block(const float* base, long inner, int rows, int w, A* acc) {
  int j = 0;
  for (; j + 4 * VW <= w; j += 4 * VW) {
    auto s0 = acc_load(acc + j), s1 = acc_load(acc + j + VW);
    auto s2 = acc_load(acc + j + 2 * VW), s3 = acc_load(acc + j + 3 * VW);
    for (int r = 0; r < rows; r++) {
      const float* row = base + r * inner + j;
      // The same two cache lines COLUMN_ROWS rows on, read by the caller's next pass: a tile pass
      // reads 32 rows a row stride apart, more streams than the hardware prefetchers follow.
      // (Prefetches never fault, past the end of x included; the address is integer arithmetic.) Column sums of [4096,128] on one
      // thread 46-48 µs instead of 54-56, [1024,128] 11.5 instead of 12.4 (2-core EPYC).
      const uintptr_t ahead = reinterpret_cast<uintptr_t>(row) + sizeof(float) * COLUMN_ROWS * inner;
      __builtin_prefetch(reinterpret_cast<const void*>(ahead), 0, 3);
      __builtin_prefetch(reinterpret_cast<const void*>(ahead + 64), 0, 3);
      s0 = acc_add(s0, row);
      s1 = acc_add(s1, row + VW);
      s2 = acc_add(s2, row + 2 * VW);
      s3 = acc_add(s3, row + 3 * VW);
    }
    acc_store(acc + j, s0);
    acc_store(acc + j + VW, s1);
    acc_store(acc + j + 2 * VW, s2);
    acc_store(acc + j + 3 * VW, s3);
  }
  for (; j + VW <= w; j += VW) {
    auto s = acc_load(acc + j);
    for (int r = 0; r < rows; r++) s = acc_add(s, base + r * inner + j);
    acc_store(acc + j, s);
  }
  for (; j < w; j++) {
    A s = acc[j];
    for (int r = 0; r < rows; r++) s += base[r * inner + j];
    acc[j] = s;
  }
}

/** dst[c] = scale · Σ_r base[r·inner + c] for c < w (n rows), the rows taken COLUMN_ROWS at a time. */
inline void column_sums(int n, long inner, const float* base, int w, float* dst, double scale) {
  double local[512];
  double* acc = w <= 512 ? local : static_cast<double*>(malloc(sizeof(double) * w));
  if (acc == nullptr) {
    for (int c = 0; c < w; c++) {
      double s = 0.0;
      for (int r = 0; r < n; r++) s += base[(long)r * inner + c];
      dst[c] = static_cast<float>(s * scale);
    }
    return;
  }
  for (int c = 0; c < w; c++) acc[c] = 0.0;
  for (int r = 0; r < n; r += COLUMN_ROWS)
    column_block(base + (long)r * inner, inner, imin(COLUMN_ROWS, n - r), w, acc);
  for (int c = 0; c < w; c++) dst[c] = static_cast<float>(acc[c] * scale);
  if (acc != local) free(acc);
}

}  // namespace
}  // namespace CLINREG_NS
}  // namespace clinreg
