// Kernel entry points of one ISA unit (namespace CLINREG_NS), shared between its source files.
#pragma once
#include <stddef.h>

#include "kernel-table.h"

namespace clinreg {
namespace CLINREG_NS {

/** C (+)= op(A)·op(B), row-major; splits large problems across the thread pool. */
void gemm(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c, bool acc);
/** Same on the calling thread only (for callers that already run in parallel). */
void gemm_serial(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c, bool acc);
/** A 64-byte-aligned per-thread buffer of at least `floats` floats; `slot` picks one of 4. */
float* scratch(int slot, size_t floats);

void linear(int m, int n, int k, const float* x, const float* w, const float* bias, float* y, bool relu);
void sum_rows(int m, int n, const float* x, float* out, bool acc);
double sum(int n, const float* x);
void relu(int n, const float* x, float* y);
void relu_backward(int n, const float* y, const float* dy, float* dx);
void dropout(int n, const float* x, const uint32_t* bits, double threshold, float scale, float* y, float* mask);
void softmax(int rows, int cols, const float* x, float* y, bool log);
void softmax_backward(int rows, int cols, const float* y, const float* dy, float* dx, bool log);
void batchnorm_train(int n, int c, int s, const float* x, const float* gamma, const float* beta, float eps,
                     float* y, float* mean, float* var);
void batchnorm_backward(int n, int c, int s, const float* x, const float* dy, const float* gamma,
                        const float* mean, const float* var, float eps, float* dx, float* dgamma, float* dbeta);
void channel_affine(int n, int c, int s, const float* x, const float* scale, const float* shift, float* y);
/** Winograd F(2×2, 3×3) (winograd.cpp) where it applies (3×3, stride 1, finite operands); false: not run. */
bool conv2d_forward_winograd(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y);
bool conv2d_backward_input_winograd(const ConvGeom& g, const float* dy, const float* w, float* dx);
bool conv2d_backward_filter_winograd(const ConvGeom& g, const float* x, const float* dy, float* dw);
void conv2d_forward(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y);
void conv2d_backward_input(const ConvGeom& g, const float* dy, const float* w, float* dx);
void conv2d_backward_filter(const ConvGeom& g, const float* x, const float* dy, float* dw, float* dbias);
void adam(int n, float* p, const float* g, float* m, float* v, const AdamArgs& a);
void binary(int op, long n, const float* a, const float* b, float* out, int mid, int inner);
void sum_along(int outer, int n, int inner, const float* x, float* out, double scale);
void gemm_batched(const BatchedGemm& g, float alpha, const float* a, const float* b, float* c);
void layer_norm(int rows, int d, const float* x, const float* w, const float* b, double eps, float* y, float* xhat,
                double* rstd);
void layer_norm_backward(int rows, int d, const float* xhat, const double* rstd, const float* dy, const float* w,
                         float* dx, float* dw, float* db);

}  // namespace CLINREG_NS
}  // namespace clinreg
