// Ctrl-C during a long computation (see signals.cpp).
#pragma once
#include <node_api.h>

namespace clinreg {
/** watchSignals(): chains a handler for SIGINT and SIGTERM that records the signal; true where it could. */
napi_value WatchSignals(napi_env env, napi_callback_info info);
/** pendingSignal(): the last SIGINT/SIGTERM received since watchSignals, or 0. */
napi_value PendingSignal(napi_env env, napi_callback_info info);
}  // namespace clinreg
