// Persistent worker threads for the kernels. A worker spins briefly after each task (consecutive
// kernel calls of one training step are microseconds apart, and a futex wake costs ~10 µs), then
// sleeps on a condition variable so an idle process costs no CPU. A worker woken onto the
// caller's CPU moves to another (see worker_main). When the machine is so busy that a preempted
// worker stalls the caller, or that no worker gets a core while the caller works, calls run
// serially for a while (see serial_left).
#include "thread-pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>
#if defined(__linux__)
#include <sched.h>
#endif

namespace clinreg {
namespace {

// Never destroyed: at process exit glibc's pthread_cond_destroy would wait for the sleeping
// workers forever, so the mutex and condition variable are leaked on purpose.
std::mutex& mu = *new std::mutex;    // guards sleeping and worker creation
std::condition_variable& cv = *new std::condition_variable;
std::atomic<unsigned long> generation{0};
std::atomic<int> sleepers{0};
std::atomic<bool> busy{false};       // one job at a time (JS worker threads may race)
// The job: (generation << 32) | next unclaimed chunk, so a worker waking for an old job can never
// claim a chunk of a newer one; fn/ctx stay valid while any claimed chunk is unfinished.
std::atomic<unsigned long long> claim{0};
std::atomic<long> done{0};
ChunkFn job_fn = nullptr;
void* job_ctx = nullptr;
std::atomic<long> job_chunks{0};
std::atomic<int> job_threads{0};
std::atomic<int> job_cpu{-1};               // the CPU the caller published the job from (-1: unknown)
std::atomic<unsigned long> napped_gen{0};  // the last job a worker declined (woken on the caller's CPU)
std::vector<std::thread>* workers = nullptr;  // leaked on purpose: no join at process exit
int threads_wanted = 0;

// Graceful degradation on a busy machine: a worker that claimed a chunk and was then preempted
// makes the caller wait for a whole scheduler slice (milliseconds, against microseconds of work).
// After such a stall the next `serial_left` calls run on the caller alone; the back-off doubles
// while stalls repeat (up to MAX_BACKOFF calls) and halves after each call that ran in parallel
// without one, so a quiet machine gets its threads back within a few hundred calls.
constexpr long MIN_BACKOFF = 16;
constexpr long MAX_BACKOFF = 4096;
constexpr long STALL_NS = 200000;  // waits below 0.2 ms are ordinary wake-up and imbalance costs
// A call whose chunks the caller ran alone because the worker, awake or woken onto the caller's
// own CPU, got no core of its own ("solo"): SOLO_CALLS of them in a row send the next calls to the
// caller alone too, at most SOLO_MAX_SERIAL of them (then a call tries the worker again). On a
// 2-core EPYC with the other core busy (load 2-3) add/sum over [1024,128] and [4096,128] took
// 1.3-3x the 1-thread time with 2 threads before this rule and the nap, about 1.0-1.1x after.
constexpr long SOLO_CALLS = 2;
constexpr long SOLO_MAX_SERIAL = 128;
long serial_left = 0;             // touched only by the caller holding `busy`
long backoff = 0;                 // after stalls
long solo_backoff = 0;            // after solo calls: its own count, so that solo calls (frequent
                                  // on a busy machine, each a few µs lost) never lengthen the
                                  // back-off of a stall (up to MAX_BACKOFF calls): sharing one
                                  // count, a bench process ran whole cases serially
long solo_streak = 0;

/** The next back-off after `b` (calls to run serially): MIN_BACKOFF first, then doubling up to `cap`. */
long grown(long b, long cap) { return b == 0 ? MIN_BACKOFF : (b * 2 > cap ? cap : b * 2); }

/**
 * Test seam (CLINREG_TEST_POOL_DELAY_US, default 0): sleeps that many µs after a worker finishes a
 * chunk and while a caller publishes a job, the two points where threads are preempted in the race
 * parallel_chunks guards against, so that test/kernels/pool-race.test.ts meets it every time.
 */
long test_delay_us() {
  static long us = [] {
    const char* s = std::getenv("CLINREG_TEST_POOL_DELAY_US");
    return s != nullptr ? std::atol(s) : 0L;
  }();
  return us;
}

inline void test_delay() {
  if (test_delay_us() > 0) std::this_thread::sleep_for(std::chrono::microseconds(test_delay_us()));
}

/** Claims and runs chunks of job `gen` until none are left; returns how many it ran. */
long work_on(unsigned long gen, int tid) {
  long ran = 0;
  for (;;) {
    unsigned long long s = claim.load(std::memory_order_acquire);
    if ((s >> 32) != (gen & 0xffffffffUL) || (long)(s & 0xffffffffULL) >= job_chunks) return ran;
    if (!claim.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel)) continue;
    job_fn(job_ctx, (long)(s & 0xffffffffULL), tid);
    done.fetch_add(1, std::memory_order_acq_rel);
    ran++;
    if (tid != 0) test_delay();
  }
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

long spin_ns() {
  static long ns = [] {
    const char* s = std::getenv("CLINREG_SPIN_US");
    return (s != nullptr ? std::atol(s) : 50L) * 1000L;
  }();
  return ns;
}

/** The CPU the calling thread runs on, or -1 where that cannot be asked. */
inline int current_cpu() {
#if defined(__linux__)
  return sched_getcpu();
#else
  return -1;
#endif
}

/** Restricts the calling thread to the CPUs it started with but `cpu`; false where it cannot. */
bool move_off(int cpu) {
#if defined(__linux__)
  static thread_local bool have = false;
  static thread_local cpu_set_t allowed;
  if (!have) {
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return false;
    have = true;
  }
  if (cpu >= CPU_SETSIZE) return false;
  cpu_set_t others = allowed;
  CPU_CLR(cpu, &others);
  return CPU_COUNT(&others) > 0 && sched_setaffinity(0, sizeof others, &others) == 0;
#else
  (void)cpu;
  return false;
#endif
}

void worker_main(int tid, unsigned long seen) {
  bool nap = false;  // sleep at once instead of spinning first
  for (;;) {
    auto start = std::chrono::steady_clock::now();
    int spins = 0;
    while (generation.load(std::memory_order_acquire) == seen) {
      if (!nap) {
        cpu_relax();
        if (++spins % 256 != 0) continue;
        auto waited = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
        if (waited < spin_ns()) continue;
      }
      std::unique_lock<std::mutex> lock(mu);
      sleepers.fetch_add(1);
      cv.wait(lock, [&] { return generation.load() != seen; });
      sleepers.fetch_sub(1);
    }
    seen = generation.load(std::memory_order_acquire);
    nap = false;
    if (tid >= job_threads) continue;
    // Running on the caller's own CPU (the scheduler put the woken worker there because the other
    // CPUs were busy): working or spinning here only takes turns with the caller on one core and
    // delays it. The worker moves itself off that CPU (its affinity: the process's CPUs but the
    // caller's) and works there, taking its turn on a busy core as a spinning OpenMP thread does;
    // where it cannot move, it goes straight back to sleep and the caller runs the chunks (and
    // counts a solo call). Bench/elementwise, 5 interleaved rounds each, machine ~60% busy: moving
    // against sleeping, pooled native add [1024,128] 14.0 vs 24.6 µs, mul [4096,128] 55 vs 85,
    // round by round 0.4-1.8x (median ~0.95); moving against neither (the worker working on the
    // caller's CPU) 0.46-1.24x, median ~0.95.
    const int cpu = current_cpu();
    if (cpu >= 0 && cpu == job_cpu.load(std::memory_order_relaxed)) {
      if (move_off(cpu)) {
        work_on(seen, tid);
        continue;
      }
      napped_gen.store(seen, std::memory_order_release);
      nap = true;
      continue;
    }
    work_on(seen, tid);
  }
}

int hardware_threads() {
  unsigned h = std::thread::hardware_concurrency();
  return h == 0 ? 1 : static_cast<int>(h);
}

void ensure_workers(int n) {
  std::lock_guard<std::mutex> lock(mu);
  if (workers == nullptr) workers = new std::vector<std::thread>();
  while (static_cast<int>(workers->size()) < n - 1) {
    int tid = static_cast<int>(workers->size()) + 1;
    workers->emplace_back(worker_main, tid, generation.load());
    workers->back().detach();
  }
}

}  // namespace

int pool_threads() {
  if (threads_wanted == 0) {
    const char* s = std::getenv("CLINREG_NUM_THREADS");
    int n = s != nullptr ? std::atoi(s) : hardware_threads();
    threads_wanted = n < 1 ? 1 : (n > hardware_threads() ? hardware_threads() : n);
  }
  return threads_wanted;
}

int pool_max_threads() { return hardware_threads(); }

int set_pool_threads(int n) {
  int h = hardware_threads();
  threads_wanted = n < 1 ? 1 : (n > h ? h : n);
  return threads_wanted;
}

void parallel_chunks(long chunks, int threads, ChunkFn fn, void* ctx) {
  bool expected = false;
  if (threads > pool_threads()) threads = pool_threads();
  if (threads <= 1 || chunks <= 1 || !busy.compare_exchange_strong(expected, true)) {
    for (long c = 0; c < chunks; c++) fn(ctx, c, 0);
    return;
  }
  if (serial_left > 0) {
    serial_left--;
    busy.store(false, std::memory_order_release);
    for (long c = 0; c < chunks; c++) fn(ctx, c, 0);
    return;
  }
  ensure_workers(threads);
  unsigned long gen = generation.load() + 1;
  // First close the last job's claims: a worker that just finished its last chunk may still be in
  // work_on's loop, holding that job's claim word (its generation, its next chunk). Were job_chunks raised
  // before the claim word changed, its bound check would pass and its compare-and-swap succeed: it
  // would run a chunk of this job with a half-written fn/ctx, or run one twice and count it done
  // early, so that the caller returned while the chunk still read its stack (a SIGSEGV in a
  // 100k-row train, and a silent double Adam update where it did not crash). Both stores are
  // seq_cst, so a worker that reads the new job_chunks fails its compare-and-swap.
  claim.store(((unsigned long long)(gen & 0xffffffffUL) << 32) | 0xffffffffULL);
  job_fn = fn;
  job_ctx = ctx;
  job_chunks = chunks;
  job_threads = threads;
  job_cpu.store(current_cpu(), std::memory_order_relaxed);
  test_delay();
  done.store(0, std::memory_order_relaxed);
  claim.store((unsigned long long)(gen & 0xffffffffUL) << 32, std::memory_order_release);
  generation.store(gen);  // seq_cst: pairs with the sleepers check below (Dekker)
  const bool woke = sleepers.load() > 0;
  if (woke) {
    std::lock_guard<std::mutex> lock(mu);
    cv.notify_all();
  }
  auto start = std::chrono::steady_clock::now();
  long ran = work_on(gen, 0);
  // Only chunks a worker has claimed are left; wait for them.
  auto worked = std::chrono::steady_clock::now();
  int spins = 0;
  while (done.load(std::memory_order_acquire) < chunks) {
    cpu_relax();
    if (++spins > 1024) std::this_thread::yield();
  }
  if (ran == chunks) {
    // A solo call that a wake-up's latency explains (the worker was asleep and woke elsewhere,
    // after the caller had finished) does not count: the next call finds it spinning.
    if ((!woke || napped_gen.load(std::memory_order_acquire) == gen) && ++solo_streak >= SOLO_CALLS) {
      solo_streak = 0;
      serial_left = solo_backoff = grown(solo_backoff, SOLO_MAX_SERIAL);
    }
  } else {
    solo_streak = 0;
    solo_backoff /= 2;
    auto now = std::chrono::steady_clock::now();
    long wait = std::chrono::duration_cast<std::chrono::nanoseconds>(now - worked).count();
    long work = std::chrono::duration_cast<std::chrono::nanoseconds>(worked - start).count();
    if (wait > STALL_NS && wait > 2 * work) {
      serial_left = backoff = grown(backoff, MAX_BACKOFF);
    } else {
      backoff /= 2;
    }
  }
  busy.store(false, std::memory_order_release);
}

}  // namespace clinreg
