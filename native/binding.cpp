// N-API entry points of the clinreg native kernels. Picks the best ISA table the CPU supports
// at load (AVX-512 → AVX2+FMA → baseline; CLINREG_ISA=avx512|avx2|generic overrides) and checks
// every typed array's type and length before handing raw pointers to a kernel, so a wrong call
// from JavaScript throws instead of corrupting memory. Compiled for the baseline ISA.
#include <stdlib.h>
#include <string.h>

#define NAPI_VERSION 8
#include <node_api.h>

#include "kernel-table.h"
#include "napi-args.h"
#include "signals.h"
#include "thread-pool.h"

namespace clinreg {
namespace {

const KernelTable* K = nullptr;

const char* const ISA_NAMES[] = {"avx512", "avx2", "generic"};

const KernelTable* table_for(const char* name) {
#ifdef CLINREG_HAVE_AVX512
  if (strcmp(name, "avx512") == 0 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
    return avx512::table();
#endif
#ifdef CLINREG_HAVE_AVX2
  if (strcmp(name, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return avx2::table();
#endif
  if (strcmp(name, "generic") == 0) return generic::table();
  return nullptr;
}

const KernelTable* best_table() {
  const char* forced = getenv("CLINREG_ISA");
  if (forced != nullptr && *forced != '\0') {
    const KernelTable* t = table_for(forced);
    if (t != nullptr) return t;
  }
  for (const char* name : ISA_NAMES) {
    const KernelTable* t = table_for(name);
    if (t != nullptr) return t;
  }
  return generic::table();  // unreachable: generic is always built
}

napi_value Gemm(napi_env env, napi_callback_info info) {
  Args a(env, info, 7);
  int flags = a.i32(0), m = a.i32(1), n = a.i32(2), k = a.i32(3);
  const float* pa = a.f32(4, (size_t)m * k);
  const float* pb = a.f32(5, (size_t)k * n);
  float* pc = a.f32(6, (size_t)m * n);
  if (a.ok) K->gemm(flags & 1, flags & 2, m, n, k, pa, pb, pc, flags & 4);
  return nullptr;
}

napi_value Linear(napi_env env, napi_callback_info info) {
  Args a(env, info, 8);
  int m = a.i32(0), n = a.i32(1), k = a.i32(2);
  const float* x = a.f32(3, (size_t)m * k);
  const float* w = a.f32(4, (size_t)n * k);
  const float* bias = a.f32(5, (size_t)n, true);
  float* y = a.f32(6, (size_t)m * n);
  bool relu = a.flag(7);
  if (a.ok) K->linear(m, n, k, x, w, bias, y, relu);
  return nullptr;
}

napi_value SumRows(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  int m = a.i32(0), n = a.i32(1);
  const float* x = a.f32(2, (size_t)m * n);
  float* out = a.f32(3, (size_t)n);
  bool acc = a.flag(4);
  if (a.ok) K->sum_rows(m, n, x, out, acc);
  return nullptr;
}

napi_value Sum(napi_env env, napi_callback_info info) {
  Args a(env, info, 2);
  int n = a.i32(0);
  const float* x = a.f32(1, (size_t)n);
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_double(env, K->sum(n, x), &out);
  return out;
}

napi_value Relu(napi_env env, napi_callback_info info) {
  Args a(env, info, 3);
  int n = a.i32(0);
  const float* x = a.f32(1, (size_t)n);
  float* y = a.f32(2, (size_t)n);
  if (a.ok) K->relu(n, x, y);
  return nullptr;
}

napi_value ReluBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, 4);
  int n = a.i32(0);
  const float* y = a.f32(1, (size_t)n);
  const float* dy = a.f32(2, (size_t)n);
  float* dx = a.f32(3, (size_t)n);
  if (a.ok) K->relu_backward(n, y, dy, dx);
  return nullptr;
}

napi_value Dropout(napi_env env, napi_callback_info info) {
  Args a(env, info, 7);
  int n = a.i32(0);
  const float* x = a.f32(1, (size_t)n);
  const uint32_t* bits = static_cast<const uint32_t*>(a.typed(2, napi_uint32_array, (size_t)n, false));
  double threshold = a.f64(3);
  float scale = static_cast<float>(a.f64(4));
  float* y = a.f32(5, (size_t)n);
  float* mask = a.f32(6, (size_t)n, true);  // null: no gradient needs it
  if (a.ok) K->dropout(n, x, bits, threshold, scale, y, mask);
  return nullptr;
}

napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info, 7);
  int op = a.i32(0), n = a.i32(1), mid = a.i32(5), inner = a.i32(6);
  if (a.ok && mid > 0 && (inner < 1 || n % ((long)mid * inner) != 0)) a.fail("clinreg native: binary block must tile the output");
  const float* x = a.f32(2, (size_t)n);
  const float* y = a.f32(3, mid == 0 ? (size_t)n : (size_t)mid);
  float* out = a.f32(4, (size_t)n);
  if (a.ok) K->binary(op & 7, n, x, y, out, mid, inner);
  return nullptr;
}

napi_value SumAlong(napi_env env, napi_callback_info info) {
  Args a(env, info, 6);
  int outer = a.i32(0), n = a.i32(1), inner = a.i32(2);
  const float* x = a.f32(3, (size_t)outer * n * inner);
  float* out = a.f32(4, (size_t)outer * inner);
  double scale = a.f64(5);
  if (a.ok) K->sum_along(outer, n, inner, x, out, scale);
  return nullptr;
}

napi_value Softmax(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  int rows = a.i32(0), cols = a.i32(1);
  const float* x = a.f32(2, (size_t)rows * cols);
  float* y = a.f32(3, (size_t)rows * cols);
  bool log = a.flag(4);
  if (a.ok) K->softmax(rows, cols, x, y, log);
  return nullptr;
}

napi_value SoftmaxBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, 6);
  int rows = a.i32(0), cols = a.i32(1);
  size_t size = (size_t)rows * cols;
  const float* y = a.f32(2, size);
  const float* dy = a.f32(3, size);
  float* dx = a.f32(4, size);
  bool log = a.flag(5);
  if (a.ok) K->softmax_backward(rows, cols, y, dy, dx, log);
  return nullptr;
}

napi_value BatchNormTrain(napi_env env, napi_callback_info info) {
  Args a(env, info, 10);
  int n = a.i32(0), c = a.i32(1), s = a.i32(2);
  size_t size = (size_t)n * c * s;
  const float* x = a.f32(3, size);
  const float* gamma = a.f32(4, (size_t)c, true);
  const float* beta = a.f32(5, (size_t)c, true);
  float eps = static_cast<float>(a.f64(6));
  float* y = a.f32(7, size);
  float* mean = a.f32(8, (size_t)c);
  float* var = a.f32(9, (size_t)c);
  if (a.ok) K->batchnorm_train(n, c, s, x, gamma, beta, eps, y, mean, var);
  return nullptr;
}

napi_value BatchNormBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, 12);
  int n = a.i32(0), c = a.i32(1), s = a.i32(2);
  size_t size = (size_t)n * c * s;
  const float* x = a.f32(3, size);
  const float* dy = a.f32(4, size);
  const float* gamma = a.f32(5, (size_t)c, true);
  const float* mean = a.f32(6, (size_t)c);
  const float* var = a.f32(7, (size_t)c);
  float eps = static_cast<float>(a.f64(8));
  float* dx = a.f32(9, size);
  float* dgamma = a.f32(10, (size_t)c, true);
  float* dbeta = a.f32(11, (size_t)c, true);
  if (a.ok) K->batchnorm_backward(n, c, s, x, dy, gamma, mean, var, eps, dx, dgamma, dbeta);
  return nullptr;
}

napi_value ChannelAffine(napi_env env, napi_callback_info info) {
  Args a(env, info, 7);
  int n = a.i32(0), c = a.i32(1), s = a.i32(2);
  size_t size = (size_t)n * c * s;
  const float* x = a.f32(3, size);
  const float* scale = a.f32(4, (size_t)c);
  const float* shift = a.f32(5, (size_t)c);
  float* y = a.f32(6, size);
  if (a.ok) K->channel_affine(n, c, s, x, scale, shift, y);
  return nullptr;
}

/** Reads the 13-int geometry [n c h w o kh kw sh sw ph pw oh ow] and checks its consistency. */
bool read_geom(Args& a, size_t i, ConvGeom* g) {
  const int32_t* p = static_cast<const int32_t*>(a.typed(i, napi_int32_array, 13, false));
  if (p == nullptr) return false;
  memcpy(g, p, sizeof(ConvGeom));
  bool sane = g->n >= 0 && g->c > 0 && g->h > 0 && g->w > 0 && g->o > 0 && g->kh > 0 && g->kw > 0 && g->sh > 0 &&
              g->sw > 0 && g->ph >= 0 && g->pw >= 0 && g->oh == (g->h + 2 * g->ph - g->kh) / g->sh + 1 &&
              g->ow == (g->w + 2 * g->pw - g->kw) / g->sw + 1 && g->oh > 0 && g->ow > 0;
  if (!sane) a.fail("clinreg native: inconsistent conv geometry");
  return a.ok;
}

napi_value Conv2dForward(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  ConvGeom g;
  if (!read_geom(a, 0, &g)) return nullptr;
  const float* x = a.f32(1, (size_t)g.n * g.c * g.h * g.w);
  const float* w = a.f32(2, (size_t)g.o * g.c * g.kh * g.kw);
  const float* bias = a.f32(3, (size_t)g.o, true);
  float* y = a.f32(4, (size_t)g.n * g.o * g.oh * g.ow);
  if (a.ok) K->conv2d_forward(g, x, w, bias, y);
  return nullptr;
}

napi_value Conv2dBackwardInput(napi_env env, napi_callback_info info) {
  Args a(env, info, 4);
  ConvGeom g;
  if (!read_geom(a, 0, &g)) return nullptr;
  const float* dy = a.f32(1, (size_t)g.n * g.o * g.oh * g.ow);
  const float* w = a.f32(2, (size_t)g.o * g.c * g.kh * g.kw);
  float* dx = a.f32(3, (size_t)g.n * g.c * g.h * g.w);
  if (a.ok) K->conv2d_backward_input(g, dy, w, dx);
  return nullptr;
}

napi_value Conv2dBackwardFilter(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  ConvGeom g;
  if (!read_geom(a, 0, &g)) return nullptr;
  const float* x = a.f32(1, (size_t)g.n * g.c * g.h * g.w);
  const float* dy = a.f32(2, (size_t)g.n * g.o * g.oh * g.ow);
  float* dw = a.f32(3, (size_t)g.o * g.c * g.kh * g.kw);
  float* dbias = a.f32(4, (size_t)g.o, true);
  if (a.ok) K->conv2d_backward_filter(g, x, dy, dw, dbias);
  return nullptr;
}

napi_value Adam(napi_env env, napi_callback_info info) {
  Args a(env, info, 12);
  int n = a.i32(0);
  float* p = a.f32(1, (size_t)n);
  const float* g = a.f32(2, (size_t)n);
  float* m = a.f32(3, (size_t)n);
  float* v = a.f32(4, (size_t)n);
  AdamArgs h{a.f64(5), a.f64(6), a.f64(7), a.f64(8), a.f64(9), a.i32(10), a.flag(11)};
  if (a.ok) K->adam(n, p, g, m, v, h);
  return nullptr;
}

// gemmBatched(desc: Int32Array[18], alpha, a, b, c): desc = flags (1 transA, 2 transB,
// 4 accumulate), nb, nh, m, n, k, then (off, batch stride, head stride, ld) of A, B and C.
napi_value GemmBatched(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  const int32_t* d = static_cast<const int32_t*>(a.typed(0, napi_int32_array, 18, false));
  double alpha = a.f64(1);
  if (!a.ok) return nullptr;
  for (int i = 1; i < 18; i++)
    if (d[i] < 0) a.fail("clinreg native: gemmBatched sizes and strides must be ≥ 0");
  BatchedGemm g{(d[0] & 1) != 0, (d[0] & 2) != 0, (d[0] & 4) != 0, d[1], d[2], d[3], d[4], d[5],
                {d[6], d[7], d[8], d[9]}, {d[10], d[11], d[12], d[13]}, {d[14], d[15], d[16], d[17]}};
  // The last element each operand's views reach (every stride is ≥ 0): the arrays must hold it.
  auto need = [&](const StridedOperand& o, long rows, long cols) -> size_t {
    if (g.nb == 0 || g.nh == 0 || rows == 0 || cols == 0) return 0;
    return (size_t)(o.off + (g.nb - 1) * o.sb + (g.nh - 1) * o.sh + (rows - 1) * o.ld + cols);
  };
  const float* pa = a.f32(2, g.ta ? need(g.a, g.k, g.m) : need(g.a, g.m, g.k));
  const float* pb = a.f32(3, g.tb ? need(g.b, g.n, g.k) : need(g.b, g.k, g.n));
  float* pc = a.f32(4, need(g.c, g.m, g.n));
  if (a.ok) K->gemm_batched(g, (float)alpha, pa, pb, pc);
  return nullptr;
}

napi_value LayerNorm(napi_env env, napi_callback_info info) {
  Args a(env, info, 9);
  int rows = a.i32(0), d = a.i32(1);
  size_t size = (size_t)rows * d;
  const float* x = a.f32(2, size);
  const float* w = a.f32(3, (size_t)d, true);
  const float* b = a.f32(4, (size_t)d, true);
  double eps = a.f64(5);
  float* y = a.f32(6, size);
  float* xhat = a.f32(7, size);
  double* rstd = a.f64s(8, (size_t)rows);
  if (a.ok) K->layer_norm(rows, d, x, w, b, eps, y, xhat, rstd);
  return nullptr;
}

napi_value LayerNormBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, 9);
  int rows = a.i32(0), d = a.i32(1);
  size_t size = (size_t)rows * d;
  const float* xhat = a.f32(2, size);
  const double* rstd = a.f64s(3, (size_t)rows);
  const float* dy = a.f32(4, size);
  const float* w = a.f32(5, (size_t)d, true);
  float* dx = a.f32(6, size, true);
  float* dw = a.f32(7, (size_t)d, true);
  float* db = a.f32(8, (size_t)d, true);
  if (a.ok) K->layer_norm_backward(rows, d, xhat, rstd, dy, w, dx, dw, db);
  return nullptr;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value out, isa, threads, hw, list;
  napi_create_object(env, &out);
  napi_create_string_utf8(env, K->isa, NAPI_AUTO_LENGTH, &isa);
  napi_create_int32(env, pool_threads(), &threads);
  napi_create_array(env, &list);
  uint32_t count = 0;
  for (const char* name : ISA_NAMES) {
    if (table_for(name) == nullptr) continue;
    napi_value s;
    napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, list, count++, s);
  }
  napi_create_int32(env, pool_max_threads(), &hw);
  napi_set_named_property(env, out, "isa", isa);
  napi_set_named_property(env, out, "threads", threads);
  napi_set_named_property(env, out, "isas", list);
  napi_set_named_property(env, out, "hardwareThreads", hw);
  napi_value cpu;
  napi_create_array(env, &cpu);
  uint32_t ncpu = 0;
#if defined(__x86_64__) || defined(__i386__)
  // The names /proc/cpuinfo uses, probed through cpuid (+ XCR0 for the AVX state).
  struct Feature {
    const char* name;
    bool on;
  };
  const Feature features[] = {
      {"sse4_2", __builtin_cpu_supports("sse4.2") != 0},     {"avx", __builtin_cpu_supports("avx") != 0},
      {"avx2", __builtin_cpu_supports("avx2") != 0},         {"fma", __builtin_cpu_supports("fma") != 0},
      {"avx512f", __builtin_cpu_supports("avx512f") != 0},   {"avx512bw", __builtin_cpu_supports("avx512bw") != 0},
      {"avx512dq", __builtin_cpu_supports("avx512dq") != 0}, {"avx512vl", __builtin_cpu_supports("avx512vl") != 0},
  };
  for (const Feature& f : features) {
    if (!f.on) continue;
    napi_value s;
    napi_create_string_utf8(env, f.name, NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, cpu, ncpu++, s);
  }
#endif
  napi_set_named_property(env, out, "cpu", cpu);
  return out;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a(env, info, 1);
  int n = a.i32(0);
  if (!a.ok) return nullptr;
  napi_value out;
  napi_create_int32(env, set_pool_threads(n), &out);
  return out;
}

napi_value SetIsa(napi_env env, napi_callback_info info) {
  Args a(env, info, 1);
  char name[16] = {0};
  size_t len = 0;
  if (napi_get_value_string_utf8(env, a.v[0], name, sizeof name, &len) != napi_ok) a.fail("clinreg native: expected an ISA name");
  if (!a.ok) return nullptr;
  const KernelTable* t = table_for(name);
  if (t != nullptr) K = t;
  napi_value out;
  napi_get_boolean(env, t != nullptr, &out);
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  K = best_table();
  struct Entry {
    const char* name;
    napi_callback fn;
  };
  const Entry entries[] = {
      {"gemm", Gemm}, {"linear", Linear}, {"sumRows", SumRows}, {"sum", Sum}, {"relu", Relu},
      {"reluBackward", ReluBackward}, {"dropout", Dropout}, {"softmax", Softmax}, {"softmaxBackward", SoftmaxBackward},
      {"batchNormTrain", BatchNormTrain}, {"batchNormBackward", BatchNormBackward},
      {"channelAffine", ChannelAffine}, {"conv2dForward", Conv2dForward},
      {"conv2dBackwardInput", Conv2dBackwardInput}, {"conv2dBackwardFilter", Conv2dBackwardFilter},
      {"adam", Adam}, {"binary", Binary}, {"sumAlong", SumAlong},
      {"gemmBatched", GemmBatched}, {"layerNorm", LayerNorm}, {"layerNormBackward", LayerNormBackward}, {"info", Info}, {"setThreads", SetThreads}, {"setIsa", SetIsa},
      {"watchSignals", WatchSignals}, {"pendingSignal", PendingSignal},
  };
  for (const Entry& e : entries) {
    napi_value fn;
    napi_create_function(env, e.name, NAPI_AUTO_LENGTH, e.fn, nullptr, &fn);
    napi_set_named_property(env, exports, e.name, fn);
  }
  return exports;
}

}  // namespace
}  // namespace clinreg

NAPI_MODULE(NODE_GYP_MODULE_NAME, clinreg::Init)
