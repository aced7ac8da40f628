// Strided batched GEMM for many small products (attention heads): C[b,h] (+)= alpha·op(A[b,h])·
// op(B[b,h]) for every (b, h), each operand read in place through (offset, batch stride, head
// stride, leading dimension), so heads packed in a [B, L, H·d] or [B, L, 3E] tensor need no
// gather or scatter copy. One call replaces B·H kernel calls; batches run across the thread pool.
// Every C element is one float sum over p in order 0…k−1, then alpha·sum is written or added.
#include "ops.h"
#include "parallel.h"

namespace clinreg {
namespace CLINREG_NS {

void gemm_batched(const BatchedGemm& g, float alpha, const float* a, const float* b, float* c) {
  const int m = g.m, n = g.n, k = g.k;
  parallel_for((long)g.nb * g.nh, (long)m * n * k, [&](long lo, long hi) {
    float* row = scratch(3, (size_t)n);
    float* bt = g.tb ? scratch(2, (size_t)k * n) : nullptr;
    for (long t = lo; t < hi; t++) {
      const long bi = t / g.nh, hh = t % g.nh;
      const float* A = a + g.a.off + bi * g.a.sb + hh * g.a.sh;
      const float* B = b + g.b.off + bi * g.b.sb + hh * g.b.sh;
      float* C = c + g.c.off + bi * g.c.sb + hh * g.c.sh;
      long ldb = g.b.ld;
      if (g.tb) {
        // op(B)[p, j] = B[j·ld + p]: copy it to a k×n block so the j loop reads contiguously.
        for (int j = 0; j < n; j++)
          for (int p = 0; p < k; p++) bt[(long)p * n + j] = B[(long)j * ldb + p];
        B = bt;
        ldb = n;
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) row[j] = 0.0f;
        for (int p = 0; p < k; p++) {
          const float av = g.ta ? A[(long)p * g.a.ld + i] : A[(long)i * g.a.ld + p];
          const float* br = B + (long)p * ldb;
          for (int j = 0; j < n; j++) row[j] += av * br[j];
        }
        float* cr = C + (long)i * g.c.ld;
        if (g.acc) {
          for (int j = 0; j < n; j++) cr[j] += alpha * row[j];
        } else {
          for (int j = 0; j < n; j++) cr[j] = alpha * row[j];
        }
      }
    }
  });
}

}  // namespace CLINREG_NS
}  // namespace clinreg
