// Softmax and log-softmax over the last dimension of a rows×cols matrix, and their gradients.
#include <math.h>

#include "ops.h"
#include "parallel.h"

namespace clinreg {
namespace CLINREG_NS {

void softmax(int rows, int cols, const float* x, float* y, bool log) {
  parallel_for(rows, cols * 8, [&](long lo, long hi) {
    for (long r = lo; r < hi; r++) {
      const float* xr = x + r * cols;
      float* yr = y + r * cols;
      float mx = -INFINITY;
      for (int j = 0; j < cols; j++) mx = xr[j] > mx ? xr[j] : mx;
      float s = 0.0f;
      if (log) {
        for (int j = 0; j < cols; j++) s += expf(xr[j] - mx);
        float lse = mx + logf(s);
        for (int j = 0; j < cols; j++) yr[j] = xr[j] - lse;
      } else {
        for (int j = 0; j < cols; j++) {
          float e = expf(xr[j] - mx);
          yr[j] = e;
          s += e;
        }
        float inv = 1.0f / s;
        for (int j = 0; j < cols; j++) yr[j] *= inv;
      }
    }
  });
}

void softmax_backward(int rows, int cols, const float* y, const float* dy, float* dx, bool log) {
  parallel_for(rows, cols * 4, [&](long lo, long hi) {
    for (long r = lo; r < hi; r++) {
      const float* yr = y + r * cols;
      const float* dr = dy + r * cols;
      float* xr = dx + r * cols;
      float s = 0.0f;
      if (log) {
        for (int j = 0; j < cols; j++) s += dr[j];
        for (int j = 0; j < cols; j++) xr[j] = dr[j] - expf(yr[j]) * s;
      } else {
        for (int j = 0; j < cols; j++) s += dr[j] * yr[j];
        for (int j = 0; j < cols; j++) xr[j] = yr[j] * (dr[j] - s);
      }
    }
  });
}

}  // namespace CLINREG_NS
}  // namespace clinreg
