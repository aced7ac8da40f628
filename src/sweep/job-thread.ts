// Worker-thread entry of the in-process sweep runner: runs sweep jobs sent by a WorkerPool.
// Each thread loads a data file once per content hash (loadDataRef caches it).
import { serveTasks } from '../parallel/serve-tasks.js';
import { runSweepJob } from './run-job.js';

serveTasks(runSweepJob);
