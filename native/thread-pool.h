// A tiny persistent thread pool (std::thread), shared by every ISA unit through plain C-style
// entry points so that no std template crosses an ISA boundary.
#pragma once

namespace clinreg {
/** Signature of a parallel task: `tid` in [0, nthreads). */
typedef void (*TaskFn)(void* ctx, int tid, int nthreads);

/** Threads available to parallel_run (1 = serial). */
int pool_threads();
/** Hardware threads (the most set_pool_threads allows). */
int pool_max_threads();
/** Sets the number of threads (clamped to [1, hardware threads]); returns the value in force. */
int set_pool_threads(int n);
/** Runs fn(ctx, tid, n) for tid = 0..n-1, tid 0 on the calling thread; returns when all finish. */
void parallel_run(int n, TaskFn fn, void* ctx);
}  // namespace clinreg
