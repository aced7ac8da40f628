// Portable SIMD vocabulary for the per-ISA kernel units. Each kernel .cpp is compiled once per
// ISA (-mavx512f…, -mavx2 -mfma, baseline) with CLINREG_NS naming its namespace; GCC/Clang
// vector extensions then map `vf` to zmm, ymm or xmm registers. Only internal-linkage helpers
// live here, so no inline function compiled for AVX-512 can be picked by the linker for
// another unit (the one-definition trap of multi-ISA builds).
#pragma once
#include <stddef.h>
#include <stdint.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#ifndef CLINREG_NS
#error "CLINREG_NS must name the ISA namespace (avx512, avx2, generic)"
#endif

#if defined(__AVX512F__)
#define CLINREG_VW 16
#elif defined(__AVX2__)
#define CLINREG_VW 8
#else
#define CLINREG_VW 4
#endif

namespace clinreg {
namespace CLINREG_NS {
constexpr int VW = CLINREG_VW;
typedef float vf __attribute__((vector_size(CLINREG_VW * 4)));
typedef float vfu __attribute__((vector_size(CLINREG_VW * 4), aligned(4), may_alias));

static inline vf vload(const float* p) { return *reinterpret_cast<const vfu*>(p); }
static inline void vstore(float* p, vf v) { *reinterpret_cast<vfu*>(p) = v; }
// An explicit broadcast: `vf{} + s` would add 0.0f before broadcasting, and a lane loop
// compiles to sixteen masked broadcasts.
#if defined(__AVX512F__)
static inline vf vset1(float s) { return _mm512_set1_ps(s); }
#elif defined(__AVX2__)
static inline vf vset1(float s) { return _mm256_set1_ps(s); }
#elif defined(__SSE2__)
static inline vf vset1(float s) { return _mm_set1_ps(s); }
#else
static inline vf vset1(float s) { return vf{} + s; }
#endif
static inline vf vmax(vf a, vf b) { return a > b ? a : b; }
static inline float hsum(vf v) {
  float s = 0.0f;
  for (int i = 0; i < VW; i++) s += v[i];
  return s;
}
static inline float hmax(vf v) {
  float s = v[0];
  for (int i = 1; i < VW; i++) s = v[i] > s ? v[i] : s;
  return s;
}
static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }
}  // namespace CLINREG_NS
}  // namespace clinreg

// VW doubles as two register-wide halves. A plain `double vector_size(VW·8)` is twice a register
// wide, and GCC 12 kept such accumulators on the stack (a store and reload per add: the double
// sums of batch norm and `sum` ran ~9× slower than the loads allow).
namespace clinreg {
namespace CLINREG_NS {
typedef double vdh __attribute__((vector_size(CLINREG_VW * 4)));
typedef float vfh __attribute__((vector_size(CLINREG_VW * 2)));
struct vd {
  vdh lo, hi;
  double operator[](int l) const { return l < VW / 2 ? lo[l] : hi[l - VW / 2]; }
  vd& operator+=(vd o) {
    lo += o.lo;
    hi += o.hi;
    return *this;
  }
};
static inline vd operator+(vd a, vd b) { return {a.lo + b.lo, a.hi + b.hi}; }
static inline vd operator-(vd a, vd b) { return {a.lo - b.lo, a.hi - b.hi}; }
static inline vd operator*(vd a, vd b) { return {a.lo * b.lo, a.hi * b.hi}; }
static inline vd operator*(vd a, double s) { return {a.lo * s, a.hi * s}; }
/** The VW floats of v as doubles (exact; intrinsics where GCC 12 would spill, see widen_load). */
static inline vd widen(vf v) {
#if defined(__AVX512F__)
  const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
  return {_mm512_cvtps_pd(_mm512_castps512_ps256(v)), _mm512_cvtps_pd(hi)};
#elif defined(__AVX__)
  return {_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))};
#else
  vfh lo, hi;
  __builtin_memcpy(&lo, &v, sizeof lo);
  __builtin_memcpy(&hi, reinterpret_cast<const char*>(&v) + sizeof lo, sizeof hi);
  return {__builtin_convertvector(lo, vdh), __builtin_convertvector(hi, vdh)};
#endif
}
/** The VW floats at p (unaligned) as doubles: two half-width loads converted straight from memory. */
typedef float vfhu __attribute__((vector_size(CLINREG_VW * 2), aligned(4), may_alias));
static inline vd widen_load(const float* p) {
  // The intrinsics are one vcvtps2pd from memory per half; GCC 12 turns the portable
  // __builtin_convertvector into two narrow converts, an insert and a spill per half.
#if defined(__AVX512F__)
  return {_mm512_cvtps_pd(_mm256_loadu_ps(p)), _mm512_cvtps_pd(_mm256_loadu_ps(p + VW / 2))};
#elif defined(__AVX__)
  return {_mm256_cvtps_pd(_mm_loadu_ps(p)), _mm256_cvtps_pd(_mm_loadu_ps(p + VW / 2))};
#else
  vfh lo = *reinterpret_cast<const vfhu*>(p), hi = *reinterpret_cast<const vfhu*>(p + VW / 2);
  return {__builtin_convertvector(lo, vdh), __builtin_convertvector(hi, vdh)};
#endif
}
/** The sum of v's lanes, pairwise (halves first) so the additions do not form one serial chain. */
static inline double hsum(vd v) {
  vdh h = v.lo + v.hi;
  double a = 0.0, b = 0.0;
  for (int l = 0; l < VW / 2; l += 2) {
    a += h[l];
    b += h[l + 1];
  }
  return a + b;
}
/** Rounds each lane to float. */
static inline vf narrow(vd v) {
  vfh lo = __builtin_convertvector(v.lo, vfh), hi = __builtin_convertvector(v.hi, vfh);
  vf out;
  __builtin_memcpy(&out, &lo, sizeof lo);
  __builtin_memcpy(reinterpret_cast<char*>(&out) + sizeof lo, &hi, sizeof hi);
  return out;
}
}  // namespace CLINREG_NS
}  // namespace clinreg
