// This ISA unit's kernel table (compiled once per ISA like every kernel source).
#include "ops.h"
#include "simd.h"

namespace clinreg {
namespace CLINREG_NS {

#define CLINREG_STR2(x) #x
#define CLINREG_STR(x) CLINREG_STR2(x)

const KernelTable* table() {
  static const KernelTable t = {
      CLINREG_STR(CLINREG_NS), gemm, linear, sum_rows, sum, relu, relu_backward, dropout, softmax, softmax_backward,
      batchnorm_train, batchnorm_backward, channel_affine, conv2d_forward, conv2d_backward_input,
      conv2d_backward_filter, adam, binary, sum_along, gemm_batched, layer_norm, layer_norm_backward,
  };
  return &t;
}

}  // namespace CLINREG_NS
}  // namespace clinreg
