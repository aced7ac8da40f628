// A tiny persistent thread pool (std::thread), shared by every ISA unit through plain C-style
// entry points so that no std template crosses an ISA boundary.
//
// Work is split into chunks that threads claim dynamically: the calling thread starts on the
// chunks at once, and a worker that wakes late (the machine is busy) finds less or nothing left,
// so a parallel call is never much slower than a serial one.
#pragma once

namespace clinreg {
/** A chunk of a parallel job: `tid` names the executing thread (0 = caller) for per-thread buffers. */
typedef void (*ChunkFn)(void* ctx, long chunk, int tid);

/** Threads available to parallel_chunks (1 = serial). */
int pool_threads();
/** Hardware threads (the most set_pool_threads allows). */
int pool_max_threads();
/** Sets the number of threads (clamped to [1, hardware threads]); returns the value in force. */
int set_pool_threads(int n);
/**
 * Runs fn(ctx, c, tid) for every chunk c in [0, chunks) on up to `threads` threads (tid <
 * threads); returns when all chunks are done.
 */
void parallel_chunks(long chunks, int threads, ChunkFn fn, void* ctx);
}  // namespace clinreg
