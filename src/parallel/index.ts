// Public exports of parallel/ (named re-exports only): a worker-thread pool.
export { WorkerPool } from './worker-pool.js';
export type { WorkerPoolOptions } from './worker-pool.js';
export { serveTasks } from './serve-tasks.js';
export type { TaskMessage, ReplyMessage } from './serve-tasks.js';
export { WorkerTaskError, serialiseError } from './task-error.js';
export type { SerialisedError } from './task-error.js';
export { StatsWorkers } from './stats-workers.js';
export type { StatsWorkersOptions } from './stats-workers.js';
export { bootstrapCiAsync, MIN_THREADED_BOOTSTRAP_SECONDS } from './bootstrap-async.js';
export type { BootstrapAsyncOptions } from './bootstrap-async.js';
export { mcDropoutPredictAsync, MIN_THREADED_MC_SECONDS } from './mc-dropout-async.js';
export type { McDropoutAsyncOptions } from './mc-dropout-async.js';
export { idleWorkers, IdleCoresProbe } from './idle-cores.js';
