// Strided batched GEMM for many small products (attention heads): C[b,h] (+)= alpha·op(A[b,h])·
// op(B[b,h]) for every (b, h), each operand read in place through (offset, batch stride, head
// stride, leading dimension), so heads packed in a [B, L, H·d] or [B, L, 3E] tensor need no
// gather or scatter copy. One call replaces B·H kernel calls; batches run across the thread pool.
// Every C element is one float sum over p in order 0…k−1, then alpha·sum is written or added.
#include "ops.h"
#include "parallel.h"
#include "simd.h"

namespace clinreg {
namespace CLINREG_NS {

namespace {

/**
 * One product with op(B) already in a zero-padded k×(NV·VW) block `bp`: each row of C is NV
 * vector accumulators held in registers over the whole k loop (sum order p = 0…k−1 per element).
 */
template <int NV>
void product_in_registers(const BatchedGemm& g, float alpha, const float* A, const float* bp, float* C) {
  constexpr int NP = NV * VW;
  for (int i = 0; i < g.m; i++) {
    vf acc[NV];
    for (int v = 0; v < NV; v++) acc[v] = vset1(0.0f);
    for (int p = 0; p < g.k; p++) {
      const vf av = vset1(g.ta ? A[(long)p * g.a.ld + i] : A[(long)i * g.a.ld + p]);
      for (int v = 0; v < NV; v++) acc[v] += av * vload(bp + (long)p * NP + v * VW);
    }
    float row[NP];
    for (int v = 0; v < NV; v++) vstore(row + v * VW, acc[v]);
    float* cr = C + (long)i * g.c.ld;
    if (g.acc) {
      for (int j = 0; j < g.n; j++) cr[j] += alpha * row[j];
    } else {
      for (int j = 0; j < g.n; j++) cr[j] = alpha * row[j];
    }
  }
}

/** Any n: op(B) in a k×n block, each C row accumulated in memory. */
void product_in_memory(const BatchedGemm& g, float alpha, const float* A, const float* bp, float* row, float* C) {
  const int n = g.n;
  for (int i = 0; i < g.m; i++) {
    for (int j = 0; j < n; j++) row[j] = 0.0f;
    for (int p = 0; p < g.k; p++) {
      const float av = g.ta ? A[(long)p * g.a.ld + i] : A[(long)i * g.a.ld + p];
      const float* br = bp + (long)p * n;
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

}  // namespace

void gemm_batched(const BatchedGemm& g, float alpha, const float* a, const float* b, float* c) {
  const int n = g.n, k = g.k;
  const int nv = (n + VW - 1) / VW;
  // Padded row length of the op(B) block: NV vectors when C rows fit in ≤ 4 registers, else n.
  const int np = nv <= 4 ? nv * VW : n;
  parallel_for((long)g.nb * g.nh, (long)g.m * n * k, [&](long lo, long hi) {
    float* bp = scratch(2, (size_t)k * np);
    float* row = scratch(3, (size_t)n);
    for (long t = lo; t < hi; t++) {
      const long bi = t / g.nh, hh = t % g.nh;
      const float* A = a + g.a.off + bi * g.a.sb + hh * g.a.sh;
      const float* B = b + g.b.off + bi * g.b.sb + hh * g.b.sh;
      float* C = c + g.c.off + bi * g.c.sb + hh * g.c.sh;
      // op(B)[p, j] = B[j·ld + p] (transposed) or B[p·ld + j], copied to rows of np (zero-padded).
      for (int p = 0; p < k; p++) {
        float* d = bp + (long)p * np;
        if (g.tb) {
          for (int j = 0; j < n; j++) d[j] = B[(long)j * g.b.ld + p];
        } else {
          for (int j = 0; j < n; j++) d[j] = B[(long)p * g.b.ld + j];
        }
        for (int j = n; j < np; j++) d[j] = 0.0f;
      }
      switch (nv <= 4 ? nv : 0) {
        case 1: product_in_registers<1>(g, alpha, A, bp, C); break;
        case 2: product_in_registers<2>(g, alpha, A, bp, C); break;
        case 3: product_in_registers<3>(g, alpha, A, bp, C); break;
        case 4: product_in_registers<4>(g, alpha, A, bp, C); break;
        default: product_in_memory(g, alpha, A, bp, row, C); break;
      }
    }
  });
}

}  // namespace CLINREG_NS
}  // namespace clinreg
