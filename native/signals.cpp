// Ctrl-C during a long computation. Node runs a process.on('SIGINT') handler on the main thread's
// event loop, so while that thread trains synchronously (a 100k-row fit: tens of seconds) the CLI
// ignored Ctrl-C and SIGTERM. watchSignals() installs a handler in front of Node's (libuv's) that
// records the signal and then calls Node's as before; the training loop polls pendingSignal() once
// a step (src/train/step-check.ts) and the CLI exits there as its own handler would.
#include "signals.h"

#include <atomic>

#if defined(__unix__) || defined(__APPLE__)
#include <signal.h>
#define CLINREG_SIGNALS 1
#endif

namespace clinreg {
namespace {

std::atomic<int> pending{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

#ifdef CLINREG_SIGNALS
const int WATCHED[] = {SIGINT, SIGTERM};
struct sigaction previous[2];
bool installed = false;

/** Records the signal, then does what was there before: Node's handler, or the default action. */
void on_signal(int sig, siginfo_t* info, void* context) {
  pending.store(sig, std::memory_order_relaxed);
  const struct sigaction& prev = previous[sig == SIGINT ? 0 : 1];
  if ((prev.sa_flags & SA_SIGINFO) != 0) {
    if (prev.sa_sigaction != nullptr) prev.sa_sigaction(sig, info, context);
  } else if (prev.sa_handler == SIG_DFL) {
    signal(sig, SIG_DFL);
    raise(sig);
  } else if (prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
  }
}
#endif

}  // namespace

napi_value WatchSignals(napi_env env, napi_callback_info) {
  bool ok = false;
#ifdef CLINREG_SIGNALS
  if (!installed) {
    installed = true;
    for (int i = 0; i < 2; i++) {
      struct sigaction mine = {};
      if (sigaction(WATCHED[i], nullptr, &previous[i]) != 0) continue;
      mine.sa_sigaction = on_signal;
      mine.sa_mask = previous[i].sa_mask;
      mine.sa_flags = SA_SIGINFO | SA_RESTART | (previous[i].sa_flags & SA_ONSTACK);
      sigaction(WATCHED[i], &mine, nullptr);
    }
  }
  ok = true;
#endif
  napi_value out;
  napi_get_boolean(env, ok, &out);
  return out;
}

napi_value PendingSignal(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_int32(env, pending.load(std::memory_order_relaxed), &out);
  return out;
}

}  // namespace clinreg
