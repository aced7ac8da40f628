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

namespace clinreg {
namespace CLINREG_NS {
typedef double vd __attribute__((vector_size(CLINREG_VW * 8)));
static inline vd widen(vf v) { return __builtin_convertvector(v, vd); }
}  // namespace CLINREG_NS
}  // namespace clinreg
