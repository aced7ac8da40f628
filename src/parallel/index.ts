// Public exports of parallel/ (named re-exports only): a worker-thread pool.
export { WorkerPool } from './worker-pool.js';
export type { WorkerPoolOptions } from './worker-pool.js';
export { serveTasks } from './serve-tasks.js';
export type { TaskMessage, ReplyMessage } from './serve-tasks.js';
export { WorkerTaskError, serialiseError } from './task-error.js';
export type { SerialisedError } from './task-error.js';
