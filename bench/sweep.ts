// Sweep throughput: the same heart-data sweep (6 configurations × 4 sites = 24 jobs) serially on the
// main thread and on 1…N worker threads; checks that every run gives the serial numbers. Wall time
// and CPU time (all threads) with the machine's load, since a busy machine makes threads look slow.
// Usage: node --import tsx bench/sweep.ts [--epochs 20] [--threads 1,2,4]   (or npm run bench -- --only-bench sweep)
import { availableParallelism, loadavg } from 'node:os';
import { sweep } from '../src/index.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
const epochs = Number(arg('--epochs', '20'));
const threadCounts = arg('--threads', [1, 2, availableParallelism()].filter((v, i, a) => a.indexOf(v) === i).join(',')).split(',').map(Number);

const ref = sweep.dataRef('data/heart-disease/heart_disease_4sites.csv', { target: 'num', positive: '>0', site: 'site' });
const plan = sweep.planSweep(ref, { grid: sweep.parseGrid(['dropout=0.1,0.3,0.5', 'weightDecay=1e-4,1e-3']), base: { epochs }, seed: 0 });
console.log(`sweep: ${plan.configs.length} configurations × ${plan.folds.length} folds = ${plan.jobs.length} jobs, ≤ ${epochs} epochs; ${availableParallelism()} cores, load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);

async function timed(threads: number): Promise<{ wall: number; cpu: number; probs: number[][] }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await sweep.runSweep(plan, { threads });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, probs: r.configs.map((c) => Array.from(c.validation.predictions.yProb)) };
}

const serial = await timed(0);
console.log(`threads 0 (main thread): ${serial.wall.toFixed(2)} s wall, ${serial.cpu.toFixed(2)} s CPU`);
for (const n of threadCounts) {
  const r = await timed(n);
  const same = JSON.stringify(r.probs) === JSON.stringify(serial.probs);
  console.log(`threads ${n}: ${r.wall.toFixed(2)} s wall (${(serial.wall / r.wall).toFixed(2)}× serial), ${r.cpu.toFixed(2)} s CPU; numbers ${same ? 'identical to' : 'DIFFER from'} serial`);
  if (!same) process.exitCode = 1;
}
