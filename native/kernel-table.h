// The table of kernels one ISA unit provides; binding.cpp picks a table at load by CPU detection.
#pragma once
#include <stdint.h>

namespace clinreg {

/** Conv2d geometry (groups = 1, dilation = 1), NCHW input, OIHW weight. */
struct ConvGeom {
  int n, c, h, w;     // input batch, channels, height, width
  int o, kh, kw;      // output channels, kernel height, width
  int sh, sw, ph, pw; // stride, zero padding
  int oh, ow;         // output height, width
};

/** Adam / AdamW hyper-parameters for one step (PyTorch 1.13 single-tensor semantics). */
struct AdamArgs {
  double lr, beta1, beta2, eps, weight_decay;  // scalars as Python passes them; cast like ATen
  int step;
  bool decoupled;  // true: AdamW (decay the weight); false: Adam (L2 added to the gradient)
};

/** One operand of gemm_batched: element (row, col) of batch (b, h) at off + b·sb + h·sh + row·ld + col. */
struct StridedOperand {
  long off, sb, sh, ld;
};

/** A strided batched GEMM: nb × nh products C (+)= alpha·op(A)·op(B), op(A) m×k, op(B) k×n. */
struct BatchedGemm {
  bool ta, tb, acc;
  int nb, nh, m, n, k;
  StridedOperand a, b, c;  // as stored (A is k×m when ta, B is n×k when tb)
};

struct KernelTable {
  const char* isa;
  void (*gemm)(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c, bool acc);
  void (*linear)(int m, int n, int k, const float* x, const float* w, const float* bias, float* y, bool relu);
  void (*sum_rows)(int m, int n, const float* x, float* out, bool acc);
  double (*sum)(int n, const float* x);
  void (*relu)(int n, const float* x, float* y);
  void (*relu_backward)(int n, const float* y, const float* dy, float* dx);
  void (*dropout)(int n, const float* x, const uint32_t* bits, double threshold, float scale, float* y, float* mask);
  void (*softmax)(int rows, int cols, const float* x, float* y, bool log);
  void (*softmax_backward)(int rows, int cols, const float* y, const float* dy, float* dx, bool log);
  void (*batchnorm_train)(int n, int c, int s, const float* x, const float* gamma, const float* beta, float eps,
                          float* y, float* mean, float* var);
  void (*batchnorm_backward)(int n, int c, int s, const float* x, const float* dy, const float* gamma,
                             const float* mean, const float* var, float eps, float* dx, float* dgamma, float* dbeta);
  void (*channel_affine)(int n, int c, int s, const float* x, const float* scale, const float* shift, float* y);
  void (*conv2d_forward)(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y);
  void (*conv2d_backward_input)(const ConvGeom& g, const float* dy, const float* w, float* dx);
  void (*conv2d_backward_filter)(const ConvGeom& g, const float* x, const float* dy, float* dw, float* dbias);
  void (*adam)(int n, float* p, const float* g, float* m, float* v, const AdamArgs& a);
  /** op & 3: add, sub, mul, div; op & 4: operands swapped (f(b, a)). mid 0: same shape; else b[⌊i/inner⌋ mod mid]. */
  void (*binary)(int op, long n, const float* a, const float* b, float* out, int mid, int inner);
  /** out[o·inner + j] = scale · Σ_r x[(o·n + r)·inner + j], accumulated in double. */
  void (*sum_along)(int outer, int n, int inner, const float* x, float* out, double scale);
  void (*gemm_batched)(const BatchedGemm& g, float alpha, const float* a, const float* b, float* c);
  /** Layer norm over rows of d: y, x̂ and 1/σ per row (w, b null = 1, 0). */
  void (*layer_norm)(int rows, int d, const float* x, const float* w, const float* b, double eps, float* y,
                     float* xhat, double* rstd);
  /** Its gradients: dx (null: skipped), dw and db (written; null: skipped). */
  void (*layer_norm_backward)(int rows, int d, const float* xhat, const double* rstd, const float* dy, const float* w,
                              float* dx, float* dw, float* db);
};

namespace avx512 { const KernelTable* table(); }
namespace avx2 { const KernelTable* table(); }
namespace generic { const KernelTable* table(); }

}  // namespace clinreg
