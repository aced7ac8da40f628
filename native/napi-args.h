// Typed reading of N-API call arguments for binding.cpp: integers, numbers, booleans and typed
// arrays checked for type and length, so a wrong call from JavaScript throws a TypeError or
// RangeError instead of handing a kernel a bad pointer.
#pragma once
#include <stddef.h>
#include <stdint.h>

#define NAPI_VERSION 8
#include <node_api.h>

namespace clinreg {

/** Argument reader: stops at the first bad argument, leaving a pending JS exception. */
struct Args {
  napi_env env;
  napi_value v[16];
  size_t n = 16;
  bool ok = true;

  Args(napi_env e, napi_callback_info info, size_t expected) : env(e) {
    napi_get_cb_info(env, info, &n, v, nullptr, nullptr);
    if (n < expected) fail("clinreg native: expected more arguments");
  }
  void fail(const char* msg) {
    if (ok) napi_throw_type_error(env, nullptr, msg);
    ok = false;
  }
  int i32(size_t i) {
    int32_t out = 0;
    if (ok && napi_get_value_int32(env, v[i], &out) != napi_ok) fail("clinreg native: expected an integer");
    if (ok && out < 0) fail("clinreg native: sizes must be ≥ 0");
    return out;
  }
  double f64(size_t i) {
    double out = 0;
    if (ok && napi_get_value_double(env, v[i], &out) != napi_ok) fail("clinreg native: expected a number");
    return out;
  }
  bool flag(size_t i) {
    bool out = false;
    if (ok && napi_get_value_bool(env, v[i], &out) != napi_ok) fail("clinreg native: expected a boolean");
    return out;
  }
  void* typed(size_t i, napi_typedarray_type want, size_t need, bool nullable) {
    if (!ok) return nullptr;
    if (nullable) {
      napi_valuetype t;
      napi_typeof(env, v[i], &t);
      if (t == napi_null || t == napi_undefined) return nullptr;
    }
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, v[i], &type, &length, &data, nullptr, nullptr) != napi_ok || type != want) {
      fail(want == napi_float32_array   ? "clinreg native: expected a Float32Array"
           : want == napi_float64_array ? "clinreg native: expected a Float64Array"
           : want == napi_int32_array ? "clinreg native: expected an Int32Array"
                                      : "clinreg native: expected a Uint32Array");
      return nullptr;
    }
    if (length < need) {
      if (ok) napi_throw_range_error(env, nullptr, "clinreg native: typed array shorter than the sizes require");
      ok = false;
      return nullptr;
    }
    return data;
  }
  float* f32(size_t i, size_t need, bool nullable = false) {
    return static_cast<float*>(typed(i, napi_float32_array, need, nullable));
  }
  double* f64s(size_t i, size_t need) { return static_cast<double*>(typed(i, napi_float64_array, need, false)); }
};

}  // namespace clinreg
