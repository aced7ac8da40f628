// Worker-thread entry of DevelopWorkers: runs validation folds of a serialisable model and renders
// report charts for a development run on the main thread.
import { serveTasks } from '../parallel/serve-tasks.js';
import { runDevelopTask, type DevelopTask } from './develop-task.js';

serveTasks((task: DevelopTask) => runDevelopTask(task));
