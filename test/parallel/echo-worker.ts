// A worker-thread module for the WorkerPool tests (not a test file): echoes, throws or dies on request.
import { ValueError, parallel } from '../../src/index.js';

let inFlight = 0;
let most = 0;

parallel.serveTasks(async (task: { kind: 'square' | 'throw' | 'die' | 'plain-throw' | 'overlap'; x: number }) => {
  if (task.kind === 'overlap') {
    // Waits x ms; answers how many tasks this thread held at once so far.
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, task.x));
    inFlight--;
    return { x: task.x, square: Float64Array.of(most) };
  }
  if (task.kind === 'throw') throw new ValueError(`echo: x must be small. Received: x=${task.x}.`);
  if (task.kind === 'plain-throw') throw new TypeError('not a clinreg error');
  if (task.kind === 'die') process.exit(3);
  return { x: task.x, square: Float64Array.of(task.x * task.x, Math.PI / task.x) };
});
