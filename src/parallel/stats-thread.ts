// Worker-thread entry of StatsWorkers: bootstrap replicates and MC-dropout passes for a call on
// the main thread (parallel.bootstrapCiAsync, parallel.mcDropoutPredictAsync).
import { serveTasks } from './serve-tasks.js';
import { runStatsTask, type StatsTask } from './stats-task.js';

serveTasks((task: StatsTask) => runStatsTask(task));
