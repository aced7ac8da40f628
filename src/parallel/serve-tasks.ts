import { isMainThread, parentPort } from 'node:worker_threads';
import { serialiseError } from './task-error.js';

/** A task message from a {@link WorkerPool} to its worker. */
export interface TaskMessage<T> {
  id: number;
  task: T;
}

/** A worker's answer: the task's result, or its error as plain data. */
export type ReplyMessage<R> = { id: number; result: R } | { id: number; error: ReturnType<typeof serialiseError> };

/**
 * Serve a {@link WorkerPool}'s tasks in this worker thread: each message runs `handler` and posts
 * back its result (structured clone: typed arrays and doubles arrive bit for bit) or its error.
 * Call once, at the top level of the worker module.
 * @param handler runs one task (sync or async).
 * @throws Error when called on the main thread.
 * @example serveTasks((job: SweepJob) => runSweepJob(job));
 */
export function serveTasks<T, R>(handler: (task: T) => R | Promise<R>): void {
  if (isMainThread || parentPort === null) throw new Error('serveTasks: call it in a worker thread started by WorkerPool.');
  const port = parentPort;
  port.on('message', (message: TaskMessage<T>) => {
    void (async (): Promise<void> => {
      try {
        port.postMessage({ id: message.id, result: await handler(message.task) } satisfies ReplyMessage<R>);
      } catch (err) {
        port.postMessage({ id: message.id, error: serialiseError(err) } satisfies ReplyMessage<R>);
      }
    })();
  });
  port.postMessage({ ready: true }); // the module loaded: the pool may replace this thread if it dies
}
