// parallel_for over an index range for the ISA units. Everything here has internal linkage (an
// unnamed namespace), so each ISA unit keeps its own copy.
#pragma once
#include "simd.h"
#include "thread-pool.h"

namespace clinreg {
namespace CLINREG_NS {
namespace {

// Memory-bound loops: below ~256 KiB of traffic a second thread does not pay for its wake-up.
constexpr long PAR_ELEMENTS = 1L << 16;

/**
 * Calls f(lo, hi) on disjoint slices of [0, total), in parallel when total·cost ≥ PAR_ELEMENTS:
 * a few slices per thread, claimed dynamically (see thread-pool.h).
 */
template <class F>
void parallel_for(long total, long cost_per_item, F f) {
  int nt = pool_threads();
  if (nt <= 1 || total < 2 || total * cost_per_item < PAR_ELEMENTS) {
    if (total > 0) f(0L, total);
    return;
  }
  long chunks = total < 4L * nt ? total : 4L * nt;
  struct Ctx {
    F* f;
    long total, chunks;
  } ctx{&f, total, chunks};
  parallel_chunks(
      chunks, nt,
      [](void* p, long c, int) {
        Ctx* x = static_cast<Ctx*>(p);
        long lo = x->total * c / x->chunks, hi = x->total * (c + 1) / x->chunks;
        if (lo < hi) (*x->f)(lo, hi);
      },
      &ctx);
}

}  // namespace
}  // namespace CLINREG_NS
}  // namespace clinreg
